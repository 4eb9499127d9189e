// How renderers group changes: by area a reviewer thinks in (people, groups, roles,
// certificates, then one area per project), and how they word actions and values.
import { kindOf, KINDS, type KindRender } from '../kinds/index.js';
import type { Change, ChangeAction, Plan } from '../plan/types.js';
import { looseFields, looseTarget } from '../plan/change-view.js';

export interface Area {
  title: string;
  changes: Change[];
}

/** The organization's areas, by rank, each with the kinds its descriptors put in it. */
const ORG_AREAS: readonly { title: string; kinds: readonly string[] }[] = (() => {
  const areas = new Map<string, { title: string; rank: number; kinds: string[] }>();
  for (const descriptor of KINDS) {
    const area = descriptor.render.area;
    if (area === undefined) continue;
    const entry = areas.get(area.title) ?? { title: area.title, rank: area.rank, kinds: [] };
    entry.kinds.push(descriptor.kind);
    areas.set(area.title, entry);
  }
  return [...areas.values()].sort((a, b) => a.rank - b.rank);
})();

/** Areas in a fixed order; within an area, the plan's own (execution) order. */
export function groupByArea(changes: readonly Change[]): Area[] {
  const areas: Area[] = ORG_AREAS.map((a) => ({ title: a.title, changes: changes.filter((c) => a.kinds.includes(c.kind)) }));
  const projects = new Map<string, Change[]>();
  for (const change of changes) {
    if (kindOf(change.kind)?.scope !== 'project' && change.kind !== 'project') continue;
    const name = looseTarget(change).project ?? '?';
    projects.set(name, [...(projects.get(name) ?? []), change]);
  }
  for (const [name, list] of [...projects].sort(([a], [b]) => a.localeCompare(b))) {
    areas.push({ title: `Project ${name}`, changes: list });
  }
  return areas.filter((a) => a.changes.length > 0);
}

export type ChangeSymbol = '+' | '~' | '-' | '!';

export function symbolOf(change: Change): ChangeSymbol {
  if (change.destructive || change.action === 'archive') return '!';
  switch (change.action) {
    case 'create':
    case 'invite':
    case 'assign':
      return '+';
    case 'update':
      return '~';
    default:
      return '-';
  }
}

/** Order and wording of the summary line. */
const SUMMARY_WORDS: readonly [ChangeAction, string][] = [
  ['create', 'to create'],
  ['invite', 'to invite'],
  ['assign', 'to assign'],
  ['update', 'to update'],
  ['unassign', 'to unassign'],
  ['delete', 'to remove'],
  ['archive', 'to archive'],
];

export function summaryLine(plan: Plan): string {
  const parts = SUMMARY_WORDS.filter(([action]) => plan.summary[action] > 0).map(([action, words]) => `${plan.summary[action]} ${words}`);
  return parts.length === 0 ? 'No changes. The organization matches the manifests.' : `Plan: ${parts.join(', ')}.`;
}

export function readLine(plan: Plan): string {
  const read = `Read ${counted(plan.read.objects, 'object')} in ${counted(plan.read.requests, 'request')}.`;
  return plan.read.refresh === undefined ? read : `${read} Live state: ${plan.read.refresh}.`;
}

/** `1 request`, `2 requests`: never "1 requests" or "request(s)". */
export function counted(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function destructiveCount(plan: Plan): number {
  return plan.changes.filter((c) => c.destructive).length;
}

/** One field's value, short and readable; certificate PEM text is summarized, never printed. */
export function formatValue(key: string, value: unknown): string {
  if (key === 'content' && typeof value === 'string') return `(PEM, ${value.length} characters)`;
  if (key === 'projects' && Array.isArray(value)) {
    if (value.length === 0) return 'none';
    return value
      .map((p: { project?: string; projectId?: string; role?: string }) => `${p.project ?? p.projectId ?? '?'} (${p.role ?? '?'})`)
      .join(', ');
  }
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return `[${value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}]`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A field in the words its kind chooses (money with its currency), else formatValue's. */

export interface FieldLine {
  key: string;
  before?: string;
  after?: string;
}

/** Fields of a change as before → after pairs, in a stable order. */
export function fieldLines(change: Change): FieldLine[] {
  const keys = [...new Set([...Object.keys(change.before ?? {}), ...Object.keys(change.after ?? {})])];
  const render: KindRender | undefined = kindOf(change.kind)?.render;
  const format = (key: string, values: Readonly<Record<string, unknown>>): string => render?.formatField?.(key, values[key], values) ?? formatValue(key, values[key]);
  const before = looseFields(change.before);
  const after = looseFields(change.after);
  return keys.flatMap((key) => {
    const line: FieldLine = { key };
    if (change.before !== undefined && key in before) line.before = format(key, before);
    if (change.after !== undefined && key in after) line.after = format(key, after);
    // A kind whose before/after repeat unchanged fields (a whole setting) shows only what changes;
    // an empty string is a field said by a sibling (the currency with the amount).
    if (line.before === line.after || line.after === '' || (line.after === undefined && line.before === '')) return [];
    return [line];
  });
}

export function fieldText(line: FieldLine): string {
  if (line.before !== undefined && line.after !== undefined) return `${line.key}: ${line.before} → ${line.after}`;
  if (line.after !== undefined) return `${line.key}: ${line.after}`;
  return `${line.key}: ${line.before ?? ''} (removed)`;
}
