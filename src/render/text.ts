// The terminal plan, read like `terraform plan`: one block per change, grouped by area.
import type { Plan } from '../plan/types.js';
import { destructiveCount, fieldLines, fieldText, groupByArea, readLine, summaryLine, symbolOf, type ChangeSymbol } from './areas.js';

export interface TextRenderOptions {
  /** ANSI colours; the CLI turns them on for a TTY unless NO_COLOR is set. Default false. */
  color?: boolean;
}

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', green: '\u001b[32m', yellow: '\u001b[33m', red: '\u001b[31m', cyan: '\u001b[36m' };
const SYMBOL_COLOR: Record<ChangeSymbol, string> = { '+': ANSI.green, '~': ANSI.yellow, '-': ANSI.red, '!': `${ANSI.bold}${ANSI.red}` };

export function renderText(plan: Plan, options: TextRenderOptions = {}): string {
  const paint = (code: string, text: string): string => (options.color === true ? `${code}${text}${ANSI.reset}` : text);
  const out: string[] = [];
  for (const area of groupByArea(plan.changes)) {
    out.push(paint(ANSI.bold, area.title), '');
    for (const change of area.changes) {
      const symbol = symbolOf(change);
      out.push(`  ${paint(SYMBOL_COLOR[symbol], `${symbol} ${change.action}`)} ${change.address}${change.destructive ? paint(ANSI.red, '  (destructive)') : ''}`);
      out.push(`      ${paint(ANSI.dim, `# ${change.reason}`)}`);
      for (const line of fieldLines(change)) out.push(`      ${fieldText(line)}`);
      out.push('');
    }
  }
  section(out, paint(ANSI.bold, 'Conflicts (owned by the identity provider; orgplane leaves them alone)'), plan.conflicts.map((c) => `${c.address}: ${c.reason}${c.source ? ` (${c.source.file}:${c.source.line})` : ''}`));
  section(out, paint(ANSI.bold, 'Unmanaged (live, declared nowhere, left alone)'), plan.unmanaged.map((u) => `${u.address}: ${u.reason}`));
  section(out, paint(ANSI.bold, 'Warnings'), (plan.warnings ?? []).map((w) => `${w.address}: ${w.message}`));
  section(out, paint(ANSI.bold, 'Policy findings (the live organization breaks a rule; not changed by this plan)'), plan.findings.map((f) => `[${f.rule}] ${f.address}: ${f.message}`));
  const destructive = destructiveCount(plan);
  out.push(paint(ANSI.bold, summaryLine(plan)) + (destructive > 0 ? paint(ANSI.red, ` ${destructive} destructive.`) : ''));
  out.push(readLine(plan));
  return `${out.join('\n')}\n`;
}

function section(out: string[], title: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  out.push(`${title}:`, ...lines.map((l) => `  ${l}`), '');
}
