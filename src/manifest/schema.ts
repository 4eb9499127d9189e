// JSON Schema validation of one manifest document (schemas/orgplane.schema.json, draft
// 2020-12), with ajv's errors turned into positioned, human messages.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import type { ProblemList } from './problems.js';
import { formatLocation } from './problems.js';
import { closest, didYouMean } from './suggest.js';
import type { PathSegment, SourceDocument } from './yaml-source.js';

/** Where the schema lives, relative to this module (src/manifest or dist/manifest). */
export const SCHEMA_URL = new URL('../../schemas/orgplane.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

/** The parsed schema file. */
export function loadSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

// ajv-formats is CommonJS; depending on interop the plugin is the module or its default.
type FormatsPlugin = (ajv: Ajv2020, formats: string[]) => Ajv2020;
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ?? formatsModule) as unknown as FormatsPlugin;

export function compileSchema(schema: Record<string, unknown> = loadSchema()): ValidateFunction {
  // verbose: errors carry their parentSchema, which holds the field names for "did you mean".
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true });
  addFormats(ajv, ['email']);
  return ajv.compile(schema);
}

function validator(): ValidateFunction {
  compiled ??= compileSchema();
  return compiled;
}

/** Validates one document; returns true when it matches the schema. */
export function validateDocument(document: SourceDocument, problems: ProblemList, validate: ValidateFunction = validator()): boolean {
  if (validate(document.value)) return true;
  const errors = validate.errors ?? [];
  // `memebrs:` for a required `members:` gives two errors; the typo alone says it all.
  const typos = new Set(
    errors
      .filter((e) => e.keyword === 'additionalProperties')
      .map((e) => {
        const known = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
        return `${e.instancePath}/${closest(String((e.params as Record<string, unknown>)['additionalProperty']), known) ?? ''}`;
      }),
  );
  for (const error of errors) {
    if (error.keyword === 'required' && typos.has(`${error.instancePath}/${String((error.params as Record<string, unknown>)['missingProperty'])}`)) continue;
    const described = describeError(error, document);
    if (described) problems.error(described.code, document.locate(described.path, { key: described.key }), described.message);
  }
  return false;
}

interface Described {
  code: 'schema' | 'unknown-field' | 'missing-field';
  path: PathSegment[];
  key: boolean;
  message: string;
}

export function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

function describeError(error: ErrorObject, document: SourceDocument): Described | undefined {
  const path = pointerToPath(error.instancePath);
  const label = labelOf(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined; // the failing "then" branch reports the actual problem
    case 'additionalProperties': {
      const field = String(params['additionalProperty']);
      const known = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const hint = didYouMean(field, known);
      const list = hint === '' && known.length > 0 && known.length <= 8 ? ` (expected one of ${known.join(', ')})` : '';
      return { code: 'unknown-field', path: [...path, field], key: true, message: `unknown field "${field}"${hint}${list}` };
    }
    case 'required': {
      const field = String(params['missingProperty']);
      const where = path.length === 0 ? '' : ` in ${label}`;
      return { code: 'missing-field', path, key: false, message: `missing required field "${field}"${where}` };
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      const hint = typeof error.data === 'string' ? didYouMean(error.data, allowed) : '';
      return { code: 'schema', path, key: false, message: `${label} must be one of ${allowed.join(', ')}${hint}` };
    }
    case 'const':
      return { code: 'schema', path, key: false, message: `${label} must be ${JSON.stringify(params['allowedValue'])}` };
    case 'type': {
      const types = String(params['type']).split(',');
      // A setting the API cannot delete says what to write instead of null (its description does).
      const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
      if (error.data === null && typeof description === 'string' && description.includes('null is refused')) {
        return { code: 'schema', path, key: false, message: `${label} cannot be null: ${description}` };
      }
      return { code: 'schema', path, key: false, message: `${label} must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}` };
    }
    case 'format':
      return {
        code: 'schema',
        path,
        key: false,
        message: params['format'] === 'email' ? `${JSON.stringify(error.data)} is not a valid email address` : `${label} must be a valid ${String(params['format'])}`,
      };
    case 'uniqueItems': {
      // ajv reports items i and j (j < i) as identical: point at the later one, name the earlier.
      const later = Number(params['i']);
      const earlier = Number(params['j']);
      const items = Array.isArray(error.data) ? (error.data as unknown[]) : [];
      const first = document.locate([...path, Math.min(later, earlier)]);
      return {
        code: 'schema',
        path: [...path, Math.max(later, earlier)],
        key: false,
        message: `${JSON.stringify(items[later])} is listed twice in ${label} (first at ${formatLocation(first)})`,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { code: 'schema', path, key: false, message: `${label} must be ${String(params['comparison'])} ${String(params['limit'])}` };
    case 'minLength':
      return { code: 'schema', path, key: false, message: Number(params['limit']) === 1 ? `${label} must not be empty` : `${label} must be at least ${String(params['limit'])} characters` };
    case 'maxLength':
      return { code: 'schema', path, key: false, message: `${label} must be at most ${String(params['limit'])} characters` };
    case 'minItems':
      return { code: 'schema', path, key: false, message: `${label} must list at least ${String(params['limit'])}` };
    case 'minProperties':
      return { code: 'schema', path, key: false, message: `${label} must set at least ${String(params['limit'])} field` };
    case 'pattern':
      return { code: 'schema', path, key: false, message: `${label} ${JSON.stringify(error.data)} does not match ${String(params['pattern'])}` };
    case 'propertyNames':
      return { code: 'schema', path, key: false, message: `${label} has an invalid key ${JSON.stringify(params['propertyName'])}` };
    default:
      return { code: 'schema', path, key: false, message: `${label} ${error.message ?? 'is invalid'}` };
  }
}

/** "role", "members[2]", "the document": how a message names the value at `path`. */
function labelOf(path: readonly PathSegment[]): string {
  const last = path.at(-1);
  if (last === undefined) return 'the document';
  if (/^\d+$/.test(String(last))) {
    const parent = path.at(-2);
    return parent === undefined ? `item ${String(last)}` : `${String(parent)}[${String(last)}]`;
  }
  return String(last);
}

