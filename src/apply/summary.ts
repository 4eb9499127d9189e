// The text the apply command prints: outcomes with reasons, where keys went, the verdict.
import type { Change } from '../plan/types.js';
import type { GuardRefusal } from './errors.js';
import type { ApplyResult, ChangeOutcome } from './types.js';
import type { Convergence } from './verify.js';

export function formatRefusals(refusals: readonly GuardRefusal[]): string {
  const lines = ['Apply refused by a safety guard; nothing was changed.'];
  for (const refusal of refusals) {
    lines.push(`  [${refusal.rule}] ${refusal.message}`);
  }
  return lines.join('\n');
}

function remainingLines(remaining: readonly Change[]): string[] {
  return remaining.map((c) => `  ${c.address} (${c.action}): ${c.reason}`);
}

/** One change's outcome, as the summary lists it and a terminal shows it when the change ends. */
export function formatOutcome(outcome: ChangeOutcome): string {
  if (outcome.status === 'applied') return `  applied  ${outcome.address} (${outcome.action})${outcome.note !== undefined ? `: ${outcome.note}` : ''}`;
  if (outcome.status === 'failed') return `  FAILED   ${outcome.address} (${outcome.action}): ${outcome.reason}`;
  return `  skipped  ${outcome.address} (${outcome.action}): ${outcome.reason}`;
}

export interface ApplyResultFormat {
  /** The outcome lines were already shown as each change ended (a terminal): leave them out. Default false. */
  outcomesShown?: boolean;
}

export function formatApplyResult(result: ApplyResult, convergence?: Convergence, format: ApplyResultFormat = {}): string {
  const lines: string[] = [];
  if (format.outcomesShown !== true) {
    for (const outcome of [...result.applied, ...result.failed, ...result.skipped]) lines.push(formatOutcome(outcome));
  }
  const secrets = result.applied.filter((o) => o.secret !== undefined && o.secret.undelivered === undefined);
  if (secrets.length > 0) {
    lines.push('', 'Service-account keys delivered (a file is mode 0600: move it to your secret store):');
    for (const outcome of secrets) lines.push(`  ${outcome.address}: ${outcome.secret!.location}`);
  }
  const kept = result.applied.filter((o) => o.secret?.undelivered !== undefined);
  if (kept.length > 0) {
    lines.push('', 'Service-account keys NOT delivered, kept in fallback files (mode 0600: deliver each yourself, then delete it):');
    for (const outcome of kept) lines.push(`  ${outcome.address}: ${outcome.secret!.location}`);
  }
  if (result.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const warning of result.warnings) lines.push(`  ${warning}`);
  }
  const counts = `${result.applied.length} applied, ${result.failed.length} failed, ${result.skipped.length} skipped`;
  let verdict: string;
  if (convergence === undefined) verdict = '';
  else if (convergence.converged) verdict = ' Converged.';
  else {
    const n = convergence.remaining.length;
    verdict = ` Not converged: ${n === 1 ? '1 change remains' : `${n} changes remain`}.`;
  }
  lines.push('', `Apply complete: ${counts}.${verdict}`);
  if (convergence !== undefined && !convergence.converged) {
    lines.push('Still different from the manifests:', ...remainingLines(convergence.remaining));
  }
  return lines.join('\n').replace(/^\n/, '');
}
