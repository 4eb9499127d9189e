// The pull-request comment: summary first, destructive changes called out, then who
// gains or loses access, then a table per area. Fits GitHub's comment limit.
import type { Change, Plan } from '../plan/types.js';
import { accessByPerson } from './access.js';
import { destructiveCount, fieldLines, fieldText, groupByArea, readLine, summaryLine, symbolOf } from './areas.js';

export interface MarkdownRenderOptions {
  /**
   * Longest comment produced; default 65,000, under GitHub's 65,536-character limit
   * for an issue or pull-request comment body.
   */
  maxLength?: number;
  /** Heading of the comment; default `orgplane plan`. */
  title?: string;
}

export const DEFAULT_MARKDOWN_MAX_LENGTH = 65_000;
/** Sections longer than this many rows are folded into <details>. */
const FOLD_ROWS = 10;

export function renderMarkdown(plan: Plan, options: MarkdownRenderOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH;
  const out: string[] = [];
  out.push(`### ${escapeText(options.title ?? 'orgplane plan')}`, '');
  const destructive = plan.changes.filter((c) => c.destructive);
  out.push(`**${summaryLine(plan)}**${destructive.length > 0 ? ` ⚠️ ${destructiveCount(plan)} destructive.` : ''}`, '');
  out.push(`Revision ${code(plan.revision)}. ${readLine(plan)}`, '');

  if (destructive.length > 0) {
    out.push(`#### ⚠️ Destructive changes (${destructive.length})`, '');
    fold(out, destructive.length, `${destructive.length} destructive changes`, destructive.map((c) => `- **${c.action}** ${code(c.address)}: ${escapeText(c.reason)}`));
  }

  const people = accessByPerson(plan.changes);
  if (people.length > 0) {
    out.push(`#### Access changes by person (${people.length})`, '');
    fold(out, people.length, `${people.length} people`, people.map((p) => `- ${p.loses ? '⚠️ ' : ''}${code(p.email)}: ${escapeText(p.effects.join('; '))}`));
  }

  for (const area of groupByArea(plan.changes)) {
    out.push(`#### ${escapeText(area.title)} (${area.changes.length})`, '');
    fold(out, area.changes.length, `${area.changes.length} changes`, table(area.changes));
  }

  const extras: [string, string[]][] = [
    ['Conflicts: owned by the identity provider, not changed', plan.conflicts.map((c) => `- ${code(c.address)}: ${escapeText(c.reason)}`)],
    ['Unmanaged: live, declared nowhere, left alone', plan.unmanaged.map((u) => `- ${code(u.address)}: ${escapeText(u.reason)}`)],
    ['Warnings', (plan.warnings ?? []).map((w) => `- ${code(w.address)}: ${escapeText(w.message)}`)],
    ['Policy findings in the live organization', plan.findings.map((f) => `- **${f.rule}** ${code(f.address)}: ${escapeText(f.message)}`)],
  ];
  for (const [title, lines] of extras) {
    if (lines.length === 0) continue;
    // Conflicts stay open when short: someone has to act on them elsewhere.
    if (title.startsWith('Conflicts') && lines.length <= FOLD_ROWS) {
      out.push(`#### ${title} (${lines.length})`, '', ...lines, '');
    } else {
      out.push('<details>', `<summary>${title} (${lines.length})</summary>`, '', ...lines, '', '</details>', '');
    }
  }
  return truncate(`${out.join('\n').trimEnd()}\n`, maxLength);
}

function table(changes: readonly Change[]): string[] {
  const rows = changes.map((c) => {
    const fields = fieldLines(c).map((l) => escapeText(fieldText(l))).join('<br>');
    return `| ${symbolOf(c)} | ${c.action} | ${code(c.address)} | ${fields} | ${escapeText(c.reason)} |`;
  });
  return ['| | action | address | fields | reason |', '|---|---|---|---|---|', ...rows];
}

function fold(out: string[], count: number, summary: string, lines: readonly string[]): void {
  if (count > FOLD_ROWS) out.push('<details>', `<summary>${summary}</summary>`, '', ...lines, '', '</details>', '');
  else out.push(...lines, '');
}

/** Cuts at a line boundary, closes any open <details>, and says what is missing. */
export function truncate(markdown: string, maxLength: number): string {
  if (markdown.length <= maxLength) return markdown;
  const note = (shown: number): string =>
    `\n\n> **Truncated**: this plan is ${markdown.length} characters, more than fits in a comment; ${shown} are shown. Run \`orgplane plan\` or read the JSON plan for the rest.\n`;
  // Room for the note and for closing every <details> we may cut through.
  const reserve = note(markdown.length).length + 64;
  let cut = markdown.lastIndexOf('\n', Math.max(0, maxLength - reserve));
  if (cut < 0) cut = 0;
  let head = markdown.slice(0, cut);
  const open = count(head, '<details>') - count(head, '</details>');
  for (let i = 0; i < open && head.length + 12 < maxLength; i++) head += '\n\n</details>';
  return `${head}${note(cut)}`;
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Markdown-inert text for a table cell or list item: `|` and markup characters escaped. */
export function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~#]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
    .replace(/\r?\n/g, '<br>');
}

/** An inline code span; a pipe still ends a table cell inside one, so it is escaped. */
export function code(text: string): string {
  if (text.includes('`') || text.includes('\n')) return escapeText(text);
  return `\`${text.replace(/\|/g, '\\|')}\``;
}
