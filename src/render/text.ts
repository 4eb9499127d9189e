// The terminal plan, read like `terraform plan`: one block per change, grouped by area.
import { paint as paintIf, type Style } from '../logging/terminal.js';
import type { Plan } from '../plan/types.js';
import { destructiveCount, fieldLines, fieldText, groupByArea, readLine, summaryLine, symbolOf, type ChangeSymbol } from './areas.js';

export interface TextRenderOptions {
  /** Colours (util.styleText); the CLI decides with colorFor(process.stdout). Default false. */
  color?: boolean;
}

const SYMBOL_COLOR: Record<ChangeSymbol, Style> = { '+': 'green', '~': 'yellow', '-': 'red', '!': ['bold', 'red'] };

export function renderText(plan: Plan, options: TextRenderOptions = {}): string {
  const paint = (style: Style, text: string): string => paintIf(style, text, options.color === true);
  const out: string[] = [];
  for (const area of groupByArea(plan.changes)) {
    out.push(paint('bold', area.title), '');
    for (const change of area.changes) {
      const symbol = symbolOf(change);
      out.push(`  ${paint(SYMBOL_COLOR[symbol], `${symbol} ${change.action}`)} ${change.address}${change.destructive ? paint('red', '  (destructive)') : ''}`);
      out.push(`      ${paint('dim', `# ${change.reason}`)}`);
      for (const line of fieldLines(change)) out.push(`      ${fieldText(line)}`);
      out.push('');
    }
  }
  section(out, paint('bold', 'Conflicts (owned by the identity provider; orgplane leaves them alone)'), plan.conflicts.map((c) => `${c.address}: ${c.reason}${c.source ? ` (${c.source.file}:${c.source.line})` : ''}`));
  section(out, paint('bold', 'Unmanaged (live, declared nowhere, left alone)'), plan.unmanaged.map((u) => `${u.address}: ${u.reason}`));
  section(out, paint('bold', 'Warnings'), (plan.warnings ?? []).map((w) => `${w.address}: ${w.message}`));
  section(out, paint('bold', 'Policy findings (the live organization breaks a rule; not changed by this plan)'), plan.findings.map((f) => `[${f.rule}] ${f.address}: ${f.message}`));
  const destructive = destructiveCount(plan);
  out.push(paint('bold', summaryLine(plan)) + (destructive > 0 ? paint('red', ` ${destructive} destructive.`) : ''));
  out.push(readLine(plan));
  return `${out.join('\n')}\n`;
}

function section(out: string[], title: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  out.push(`${title}:`, ...lines.map((l) => `  ${l}`), '');
}
