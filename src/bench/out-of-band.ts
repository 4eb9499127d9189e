// Out-of-band changes for the warm-plan measurement: what people do in the dashboard between
// two plans, made as a dashboard user through the emulator's /_emulator/as-user surface (never
// throttled: they are not orgplane's requests), each on a random target.
import type { RunningEmulator } from '../emulator/index.js';
import type { Random } from './random.js';

interface Target {
  emulator: RunningEmulator;
  random: Random;
  actor: string;
}

type Change = (t: Target) => [method: 'POST' | 'DELETE', path: string, body?: unknown] | undefined;

/** Group membership is told by payload-less tenant events: every kept group's members are read again. */
export type ChangeMix = 'all' | 'no-group-members';

const projects = (t: Target) => [...t.emulator.control.store.projects.values()].filter((p) => p.archived_at === null);
const members = (t: Target, projectId: string) => [...(t.emulator.control.store.projectMembers.get(projectId)?.values() ?? [])];
const people = (t: Target) => [...t.emulator.control.store.users.values()].filter((u) => u.email !== undefined && u.email !== t.actor);

const CHANGES: readonly Change[] = [
  (t) => {
    const p = t.random.pick(projects(t));
    const m = members(t, p.id)[0];
    return m === undefined ? undefined : ['POST', `/organization/projects/${p.id}/users/${m.user_id}`, { role: m.role === 'owner' ? 'member' : 'owner' }];
  },
  (t) => {
    const p = t.random.pick(projects(t));
    const held = new Set(members(t, p.id).map((m) => m.user_id));
    const u = people(t).find((x) => !held.has(x.id));
    return u === undefined ? undefined : ['POST', `/organization/projects/${p.id}/users`, { user_id: u.id, role: 'member' }];
  },
  (t) => {
    const p = t.random.pick(projects(t));
    const limit = [...(t.emulator.control.store.rateLimits.get(p.id)?.values() ?? [])][0];
    return limit === undefined ? undefined : ['POST', `/organization/projects/${p.id}/rate_limits/${limit.id}`, { max_requests_per_1_minute: 100 * t.random.between(1, 50) }];
  },
  (t) => {
    const u = t.random.pick(people(t));
    return ['POST', `/organization/users/${u.id}`, { role: u.role === 'owner' ? 'reader' : 'owner' }];
  },
  (t) => {
    const p = t.random.pick(projects(t));
    return ['POST', `/organization/projects/${p.id}/service_accounts`, { name: `by-hand-${t.random.between(0, 1e9)}` }];
  },
  // Last: left out by the 'no-group-members' mix.
  (t) => {
    const g = t.random.pick([...t.emulator.control.store.groups.values()]);
    const held = t.emulator.control.store.groupMembers.get(g.id);
    const u = people(t).find((x) => held?.has(x.id) !== true);
    return u === undefined ? undefined : ['POST', `/organization/groups/${g.id}/users`, { user_id: u.id }];
  },
];

/** Makes `count` changes as `actor` (an owner's email); returns how many the emulator accepted. */
export async function outOfBandChanges(emulator: RunningEmulator, random: Random, actor: string, count: number, mix: ChangeMix = 'all'): Promise<number> {
  const changes = mix === 'all' ? CHANGES : CHANGES.slice(0, -1);
  let made = 0;
  for (let i = 0; i < count; i += 1) {
    const change = random.pick(changes)({ emulator, random, actor });
    if (change === undefined) continue;
    const [method, path, body] = change;
    const res = await fetch(`${emulator.url}/_emulator/as-user/${encodeURIComponent(actor)}/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${emulator.adminKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.ok) made += 1;
    await res.arrayBuffer();
  }
  return made;
}
