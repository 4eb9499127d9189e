// Parses one manifest file into YAML documents, keeping the AST so that every value
// (and every mapping key) can be traced back to file:line:col.
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import type { SourceLocation } from '../model/types.js';
import { formatLocation, type ProblemList } from './problems.js';

export type PathSegment = string | number;

/** One YAML document of a manifest file, with its plain value and a way to locate paths in it. */
export interface SourceDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  value: unknown;
  /** Location of a value (or of its key, with `key: true`); falls back to the closest existing ancestor. */
  locate(path: readonly PathSegment[], options?: { key?: boolean }): SourceLocation;
}

export interface ParseOptions {
  maxAliasCount: number;
}

export function parseManifestText(file: string, text: string, options: ParseOptions, problems: ProblemList): SourceDocument[] {
  const lineCounter = new LineCounter();
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  // uniqueKeys is on (the default); its DUPLICATE_KEY errors are reported by our own walk
  // below, which also names the first occurrence. prettyErrors off: positions come from lineCounter.
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'silent' });
  if (!Array.isArray(documents)) return []; // an empty stream: no document at all
  const result: SourceDocument[] = [];
  documents.forEach((document, index) => {
    // One syntax error (a stray indented line) makes the parser misread everything after it:
    // hundreds of follow-on errors that all go away with the first. Report the first, then a count.
    const syntax = [...document.errors, ...document.warnings].filter((error) => error.code !== 'DUPLICATE_KEY');
    const first = syntax[0];
    let broken = first !== undefined;
    if (first !== undefined) {
      const more = syntax.length - 1;
      const followOn = more === 0 ? '' : ` (and ${more} more YAML ${more === 1 ? 'error' : 'errors'} after it in this document, most likely caused by this one: fix it and validate again)`;
      problems.error(first.code === 'TAB_AS_INDENT' ? 'tab-indent' : 'yaml-syntax', at(first.pos[0]), `${yamlMessage(first)}${followOn}`);
    } else if (reportDuplicateKeys(document, at, problems)) broken = true;
    // An empty document (a trailing `---`, a file of comments) declares nothing.
    if (broken || document.contents === null || (isScalar(document.contents) && document.contents.value === null)) return;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: options.maxAliasCount });
    } catch (error) {
      const alias = firstAlias(document);
      problems.error(
        'alias-limit',
        at(alias ?? document.contents.range?.[0] ?? 0),
        error instanceof ReferenceError
          ? `too many YAML alias expansions (limit ${options.maxAliasCount}): refusing a possible "billion laughs" document; write the values out instead of nesting aliases`
          : `cannot read this YAML document: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    result.push({ file, index, value, locate: (path, opts) => at(offsetOf(document, path, opts?.key ?? false)) });
  });
  return result;
}

function yamlMessage(error: YAMLError): string {
  // yaml's messages are accurate but terse; name the likely cause where it is common.
  const base = error.message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return 'tab character used for indentation; YAML requires spaces';
    case 'MISSING_CHAR':
      return /quote/i.test(base) ? `${lower(base)} (is the file truncated?)` : lower(base);
    case 'BAD_INDENT':
    case 'UNEXPECTED_TOKEN':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return `invalid YAML: ${lower(base)}`;
    case 'TAG_RESOLVE_FAILED':
      return `${lower(base)}; orgplane manifests use plain YAML without custom tags`;
    default:
      return `invalid YAML: ${lower(base)}`;
  }
}

function lower(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/** Reports each repeated key of a mapping at its second occurrence, naming the first; and complex keys. */
function reportDuplicateKeys(document: Document, at: (offset: number) => SourceLocation, problems: ProblemList): boolean {
  let found = false;
  visit(document, {
    Map(_, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        if (isNode(pair.key) && !isScalar(pair.key)) {
          found = true;
          problems.error('yaml-syntax', at(pair.key.range?.[0] ?? 0), 'a mapping key must be a plain value, not a list or mapping');
          continue;
        }
        if (!isScalar(pair.key) || !pair.key.range) continue;
        const key = String(pair.key.value);
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, pair.key.range[0]);
          continue;
        }
        found = true;
        problems.error('duplicate-key', at(pair.key.range[0]), `duplicate key "${key}" (first declared at ${formatLocation(at(first))})`);
      }
    },
  });
  return found;
}

function firstAlias(document: Document): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Alias(_, alias) {
      offset = alias.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

function offsetOf(document: Document, path: readonly PathSegment[], key: boolean): number {
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [i, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(document);
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return offset;
      if (key && i === path.length - 1) return rangeStart(pair.key) ?? offset;
      // `key:` with nothing after it has a null value positioned after the colon; point at the key.
      next = pair.value;
      if (!isNode(next) || (isScalar(next) && next.value === null && next.source === '')) return rangeStart(pair.key) ?? offset;
    } else if (isSeq(node)) {
      next = node.items[Number(segment)];
    } else {
      return offset;
    }
    const start = rangeStart(next);
    if (start === undefined) return offset;
    node = next;
    offset = start;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) ? (node as Node).range?.[0] : undefined;
}
