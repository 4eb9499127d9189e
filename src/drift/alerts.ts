// Turns a mapped audit event into one alert: who, what, which manifest line it
// contradicts, and what orgplane does about it.
import type { Policy } from '../model/types.js';
import type { Change } from '../plan/types.js';
import { addressesOverlap, describeAddress } from './address.js';
import { describeActor, formatActor } from './actor.js';
import type { AuditLog, DriftAlert, DriftResponse, DriftTarget, EventMapping } from './types.js';
import { looseFields } from '../plan/change-view.js';

export type DaemonMode = 'report' | 'apply';

const RANK: Record<DriftResponse, number> = { none: 0, ignore: 1, report: 2, revert: 3 };

/** What orgplane does about one target: revert only in apply mode with drift.selfHeal. */
export function responseFor(target: DriftTarget, policy: Policy, mode: DaemonMode): DriftResponse {
  const heal = mode === 'apply' && policy.drift.selfHeal;
  if (target.managed) return heal ? 'revert' : 'report';
  if (target.prune === undefined) return 'ignore';
  const prune = policy.prune[target.prune];
  if (prune === 'ignore') return 'ignore';
  if (prune === 'delete') return heal ? 'revert' : 'report';
  return 'report';
}

export function responseForAll(targets: readonly DriftTarget[], policy: Policy, mode: DaemonMode): DriftResponse {
  let best: DriftResponse = 'ignore';
  for (const t of targets) {
    const r = responseFor(t, policy, mode);
    if (RANK[r] > RANK[best]) best = r;
  }
  return best;
}

const SYMBOL: Record<Change['action'], string> = {
  create: '+',
  invite: '+',
  assign: '+',
  update: '~',
  delete: '-',
  unassign: '-',
  archive: '-',
};

export function changesFor(changes: readonly Change[], targets: readonly DriftTarget[]): Change[] {
  return changes.filter((c) => targets.some((t) => addressesOverlap(c.address, t.address)));
}

export function describeChange(change: Change): string {
  const fields = Object.keys({ ...change.before, ...change.after })
    .map((k) => `${k}: ${fmt(looseFields(change.before)[k])} → ${fmt(looseFields(change.after)[k])}`)
    .join(', ');
  return `${SYMBOL[change.action]} ${change.action} ${change.address}${fields ? ` (${fields})` : ''}`;
}

const fmt = (v: unknown): string => (v === undefined ? '∅' : typeof v === 'string' ? v : JSON.stringify(v));

export interface BuildAlertInput {
  event: AuditLog;
  mapping: Extract<EventMapping, { relevant: true }>;
  policy: Policy;
  mode: DaemonMode;
  revision: string;
  /** The plan computed after the event, for the lines that answer it. */
  changes: readonly Change[];
}

export function buildAlert(input: BuildAlertInput): DriftAlert {
  const { event, mapping } = input;
  const actor = describeActor(event);
  const matching = changesFor(input.changes, mapping.targets);
  let response = responseForAll(mapping.targets, input.policy, input.mode);
  // Nothing left to do (the change already matches the manifests, or it was undone by hand),
  // unless a target is unmanaged under prune `report`: that one is reported, not planned.
  const reportOnly = mapping.targets.some((t) => !t.managed && t.prune !== undefined && input.policy.prune[t.prune] === 'report');
  if (matching.length === 0 && response !== 'ignore' && !reportOnly) response = 'none';
  const alert: DriftAlert = {
    eventId: event.id,
    eventType: event.type,
    at: new Date(event.effective_at * 1000).toISOString(),
    actor,
    targets: mapping.targets,
    revision: input.revision,
    response,
    planned: matching.map(describeChange),
    summary: '',
  };
  if (event.project) {
    alert.project = {
      ...(event.project.id ? { id: event.project.id } : {}),
      ...(event.project.name ? { name: event.project.name } : {}),
    };
  }
  if (mapping.before) alert.before = mapping.before;
  if (mapping.after) alert.after = mapping.after;
  alert.summary = summarize(alert);
  return alert;
}

const DOING: Record<DriftResponse, string> = {
  revert: 'orgplane reverts it (drift.selfHeal)',
  report: 'orgplane reports it; an apply (or drift.selfHeal in apply mode) would revert it',
  ignore: 'orgplane ignores it (not managed)',
  none: 'no action needed: live state already matches the manifests',
};

function summarize(alert: DriftAlert): string {
  const what = alert.targets.map((t) => describeAddress(t.address)).join(', ') || '(no resource)';
  const managed = alert.targets.find((t) => t.managed && t.source);
  const where = managed?.source
    ? `, declared at ${managed.source.file}:${managed.source.line}`
    : alert.targets.every((t) => !t.managed)
      ? ', not declared in any manifest'
      : '';
  return `${formatActor(alert.actor)} made ${alert.eventType} on ${what}${where}; ${DOING[alert.response]}.`;
}

/** Slack-compatible text: a headline, then one line per fact. */
export function alertText(alert: DriftAlert): string {
  const lines = [
    `:warning: orgplane drift: ${alert.eventType} by ${formatActor(alert.actor)}`,
    `• what: ${alert.targets.map((t) => describeAddress(t.address)).join(', ')}`,
  ];
  if (alert.after) lines.push(`• change: ${JSON.stringify(alert.after)}`);
  for (const t of alert.targets) {
    if (t.source) lines.push(`• contradicts: ${t.source.file}:${t.source.line}:${t.source.column}`);
    else if (!t.managed) lines.push(`• ${t.address} is not declared in any manifest`);
  }
  lines.push(`• action: ${DOING[alert.response]}`);
  for (const p of alert.planned) lines.push(`  ${p}`);
  lines.push(`• when: ${alert.at} (event ${alert.eventId}, revision ${alert.revision.slice(0, 12)})`);
  return lines.join('\n');
}

/** The webhook body: Slack reads `text`; anything else reads the structured `alert`. */
export function webhookPayload(alert: DriftAlert): { text: string; alert: DriftAlert } {
  return { text: alertText(alert), alert };
}
