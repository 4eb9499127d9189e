// Random out-of-band changes of every kind the emulator supports, made as a dashboard user
// (audit actor `session`) through the emulator's /_emulator/as-user surface: what people
// do behind orgplane's back. Each change reads the emulator's current state to pick a target.
import type { Random } from '../../src/bench/random.js';
import type { TestEmulator } from '../support/emulator.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----\n';
const ORG_PERMISSIONS = ['api.organization.usage.read', 'api.organization.costs.read', 'api.organization.audit_logs.read'];
const PROJECT_PERMISSIONS = ['api.model.request', 'api.project.api_keys.write', 'api.fine_tuning.jobs.write'];
const PROJECT_MEMBER_ROLE = 'role-api-project-member';

export interface ChangeContext {
  emu: TestEmulator;
  random: Random;
  /** Email of the owner acting in the dashboard (never removed or demoted). */
  actor: string;
  /** Distinguishes names made by this batch. */
  tag: string;
}

type Call = (method: 'POST' | 'DELETE', path: string, body?: unknown) => Promise<boolean>;

interface Kind {
  name: string;
  /** False when there was nothing to change (no target); the call's own success otherwise. */
  run(ctx: ChangeContext, call: Call): Promise<boolean>;
}

const pick = <T>(random: Random, items: readonly T[]): T | undefined => (items.length === 0 ? undefined : random.pick(items));

function state(ctx: ChangeContext) {
  const s = ctx.emu.control.store;
  const actorId = s.usersByEmail.get(ctx.actor);
  const users = [...s.users.values()].filter((u) => u.id !== actorId && u.email !== undefined);
  const activeProjects = [...s.projects.values()].filter((p) => p.archived_at === null);
  const customRoles = [...s.roles.values()].filter((r) => !r.predefined_role);
  return {
    s,
    users,
    nonOwners: users.filter((u) => u.role !== 'owner'),
    groups: [...s.groups.values()],
    orgRoles: customRoles.filter((r) => r.project_id === null),
    projectRoles: (pid: string) => customRoles.filter((r) => r.project_id === pid),
    activeProjects,
    members: (pid: string) => [...(s.projectMembers.get(pid)?.values() ?? [])],
    pendingInvites: [...s.invites.values()].filter((i) => i.status === 'pending' || i.status === undefined),
    certificates: [...s.certificates.values()],
  };
}

let counter = 0;
const fresh = (ctx: ChangeContext, what: string): string => `${what}-${ctx.tag}-${(counter += 1)}`;

export const CHANGE_KINDS: readonly Kind[] = [
  { name: 'org user role', run: async (ctx, call) => { const u = pick(ctx.random, state(ctx).users); return u !== undefined && call('POST', `/organization/users/${u.id}`, { role: u.role === 'owner' ? 'reader' : 'owner' }); } },
  { name: 'org user removed', run: async (ctx, call) => { const u = pick(ctx.random, state(ctx).nonOwners); return u !== undefined && call('DELETE', `/organization/users/${u.id}`); } },
  {
    name: 'invite sent',
    run: async (ctx, call) => {
      const p = pick(ctx.random, state(ctx).activeProjects);
      const projects = p !== undefined && ctx.random.chance(0.5) ? [{ id: p.id, role: 'member' }] : [];
      return call('POST', '/organization/invites', { email: `${fresh(ctx, 'new')}@example.com`, role: 'reader', projects });
    },
  },
  { name: 'invite deleted', run: async (ctx, call) => { const i = pick(ctx.random, state(ctx).pendingInvites); return i !== undefined && call('DELETE', `/organization/invites/${i.id}`); } },
  {
    name: 'invite accepted',
    run: (ctx) => {
      const i = pick(ctx.random, state(ctx).pendingInvites);
      if (i === undefined) return Promise.resolve(false);
      try {
        ctx.emu.control.acceptInvite(i.id);
        return Promise.resolve(true);
      } catch {
        return Promise.resolve(false);
      }
    },
  },
  { name: 'group created', run: async (ctx, call) => call('POST', '/organization/groups', { name: fresh(ctx, 'group') }) },
  { name: 'group renamed', run: async (ctx, call) => { const g = pick(ctx.random, state(ctx).groups); return g !== undefined && call('POST', `/organization/groups/${g.id}`, { name: fresh(ctx, 'renamed') }); } },
  { name: 'group deleted', run: async (ctx, call) => { const g = pick(ctx.random, state(ctx).groups); return g !== undefined && call('DELETE', `/organization/groups/${g.id}`); } },
  {
    name: 'group member added',
    run: async (ctx, call) => {
      const st = state(ctx);
      const g = pick(ctx.random, st.groups);
      const u = pick(ctx.random, st.users.filter((x) => g !== undefined && st.s.groupMembers.get(g.id)?.has(x.id) !== true));
      return g !== undefined && u !== undefined && call('POST', `/organization/groups/${g.id}/users`, { user_id: u.id });
    },
  },
  {
    name: 'group member removed',
    run: async (ctx, call) => {
      const st = state(ctx);
      const g = pick(ctx.random, st.groups.filter((x) => (st.s.groupMembers.get(x.id)?.size ?? 0) > 0));
      const u = g === undefined ? undefined : pick(ctx.random, [...(st.s.groupMembers.get(g.id)?.keys() ?? [])]);
      return g !== undefined && u !== undefined && call('DELETE', `/organization/groups/${g.id}/users/${u}`);
    },
  },
  { name: 'org role created', run: async (ctx, call) => call('POST', '/organization/roles', { role_name: fresh(ctx, 'Role'), permissions: ctx.random.sample(ORG_PERMISSIONS, 2) }) },
  {
    name: 'org role updated',
    run: async (ctx, call) => {
      const r = pick(ctx.random, state(ctx).orgRoles);
      const body = ctx.random.chance(0.5) ? { permissions: ctx.random.sample(ORG_PERMISSIONS, ctx.random.between(1, 3)) } : { role_name: fresh(ctx, 'Renamed') };
      return r !== undefined && call('POST', `/organization/roles/${r.id}`, body);
    },
  },
  { name: 'org role deleted', run: async (ctx, call) => { const r = pick(ctx.random, state(ctx).orgRoles); return r !== undefined && call('DELETE', `/organization/roles/${r.id}`); } },
  {
    name: 'user org role assigned or removed',
    run: async (ctx, call) => {
      const st = state(ctx);
      const u = pick(ctx.random, st.users);
      const r = pick(ctx.random, st.orgRoles);
      if (u === undefined || r === undefined) return false;
      const held = st.s.userRoles.get(u.id)?.has(r.id) === true;
      return held ? call('DELETE', `/organization/users/${u.id}/roles/${r.id}`) : call('POST', `/organization/users/${u.id}/roles`, { role_id: r.id });
    },
  },
  {
    name: 'group org role assigned or removed',
    run: async (ctx, call) => {
      const st = state(ctx);
      const g = pick(ctx.random, st.groups);
      const r = pick(ctx.random, st.orgRoles);
      if (g === undefined || r === undefined) return false;
      const held = st.s.groupRoles.get(g.id)?.has(r.id) === true;
      return held ? call('DELETE', `/organization/groups/${g.id}/roles/${r.id}`) : call('POST', `/organization/groups/${g.id}/roles`, { role_id: r.id });
    },
  },
  { name: 'project created', run: async (ctx, call) => call('POST', '/organization/projects', { name: fresh(ctx, 'project') }) },
  { name: 'project renamed', run: async (ctx, call) => { const p = pick(ctx.random, state(ctx).activeProjects); return p !== undefined && call('POST', `/organization/projects/${p.id}`, { name: fresh(ctx, 'renamed-project') }); } },
  { name: 'project archived', run: async (ctx, call) => { const p = pick(ctx.random, state(ctx).activeProjects); return p !== undefined && call('POST', `/organization/projects/${p.id}/archive`); } },
  {
    name: 'project member added',
    run: async (ctx, call) => {
      const st = state(ctx);
      const p = pick(ctx.random, st.activeProjects);
      const u = p === undefined ? undefined : pick(ctx.random, st.users.filter((x) => st.s.projectMembers.get(p.id)?.has(x.id) !== true));
      return p !== undefined && u !== undefined && call('POST', `/organization/projects/${p.id}/users`, { user_id: u.id, role: ctx.random.chance(0.3) ? 'owner' : 'member' });
    },
  },
  {
    name: 'project member role changed',
    run: async (ctx, call) => {
      const st = state(ctx);
      const p = pick(ctx.random, st.activeProjects);
      const m = p === undefined ? undefined : pick(ctx.random, st.members(p.id));
      return p !== undefined && m !== undefined && call('POST', `/organization/projects/${p.id}/users/${m.user_id}`, { role: m.role === 'owner' ? 'member' : 'owner' });
    },
  },
  {
    name: 'project member removed',
    run: async (ctx, call) => {
      const st = state(ctx);
      const p = pick(ctx.random, st.activeProjects);
      const m = p === undefined ? undefined : pick(ctx.random, st.members(p.id));
      return p !== undefined && m !== undefined && call('DELETE', `/organization/projects/${p.id}/users/${m.user_id}`);
    },
  },
  {
    name: 'project member role assigned or removed',
    run: async (ctx, call) => {
      const st = state(ctx);
      const p = pick(ctx.random, st.activeProjects);
      const m = p === undefined ? undefined : pick(ctx.random, st.members(p.id));
      const r = p === undefined ? undefined : pick(ctx.random, st.projectRoles(p.id));
      if (p === undefined || m === undefined || r === undefined) return false;
      const held = st.s.projectUserRoles.get(p.id)?.get(m.user_id)?.has(r.id) === true;
      const base = `/projects/${p.id}/users/${m.user_id}/roles`;
      return held ? call('DELETE', `${base}/${r.id}`) : call('POST', base, { role_id: r.id });
    },
  },
  {
    name: 'project group added or removed',
    run: async (ctx, call) => {
      const st = state(ctx);
      const p = pick(ctx.random, st.activeProjects);
      const g = pick(ctx.random, st.groups);
      if (p === undefined || g === undefined) return false;
      const held = st.s.projectGroups.get(p.id)?.has(g.id) === true;
      return held ? call('DELETE', `/organization/projects/${p.id}/groups/${g.id}`) : call('POST', `/organization/projects/${p.id}/groups`, { group_id: g.id, role: PROJECT_MEMBER_ROLE });
    },
  },
  {
    name: 'project group role assigned or removed',
    run: async (ctx, call) => {
      const st = state(ctx);
      const p = pick(ctx.random, st.activeProjects.filter((x) => (st.s.projectGroups.get(x.id)?.size ?? 0) > 0));
      const g = p === undefined ? undefined : pick(ctx.random, [...(st.s.projectGroups.get(p.id)?.keys() ?? [])]);
      const r = p === undefined ? undefined : pick(ctx.random, st.projectRoles(p.id));
      if (p === undefined || g === undefined || r === undefined) return false;
      const held = st.s.projectGroupRoles.get(p.id)?.get(g)?.has(r.id) === true;
      const base = `/projects/${p.id}/groups/${g}/roles`;
      return held ? call('DELETE', `${base}/${r.id}`) : call('POST', base, { role_id: r.id });
    },
  },
  {
    name: 'project role created',
    run: async (ctx, call) => {
      const p = pick(ctx.random, state(ctx).activeProjects);
      return p !== undefined && call('POST', `/projects/${p.id}/roles`, { role_name: fresh(ctx, 'prole'), permissions: ctx.random.sample(PROJECT_PERMISSIONS, 2) });
    },
  },
  {
    name: 'project role updated',
    run: async (ctx, call) => {
      const st = state(ctx);
      const p = pick(ctx.random, st.activeProjects.filter((x) => st.projectRoles(x.id).length > 0));
      const r = p === undefined ? undefined : pick(ctx.random, st.projectRoles(p.id));
      const body = ctx.random.chance(0.5) ? { permissions: ctx.random.sample(PROJECT_PERMISSIONS, ctx.random.between(1, 3)) } : { role_name: fresh(ctx, 'prenamed') };
      return p !== undefined && r !== undefined && call('POST', `/projects/${p.id}/roles/${r.id}`, body);
    },
  },
  {
    name: 'project role deleted',
    run: async (ctx, call) => {
      const st = state(ctx);
      const p = pick(ctx.random, st.activeProjects.filter((x) => st.projectRoles(x.id).length > 0));
      const r = p === undefined ? undefined : pick(ctx.random, st.projectRoles(p.id));
      return p !== undefined && r !== undefined && call('DELETE', `/projects/${p.id}/roles/${r.id}`);
    },
  },
  {
    name: 'service account created',
    run: async (ctx, call) => {
      const p = pick(ctx.random, state(ctx).activeProjects);
      return p !== undefined && call('POST', `/organization/projects/${p.id}/service_accounts`, { name: fresh(ctx, 'bot') });
    },
  },
  {
    name: 'service account deleted',
    run: async (ctx, call) => {
      const st = state(ctx);
      const p = pick(ctx.random, st.activeProjects.filter((x) => (st.s.serviceAccounts.get(x.id)?.size ?? 0) > 0));
      const a = p === undefined ? undefined : pick(ctx.random, [...(st.s.serviceAccounts.get(p.id)?.keys() ?? [])]);
      return p !== undefined && a !== undefined && call('DELETE', `/organization/projects/${p.id}/service_accounts/${a}`);
    },
  },
  {
    name: 'rate limit changed',
    run: async (ctx, call) => {
      const st = state(ctx);
      const p = pick(ctx.random, st.activeProjects);
      const l = p === undefined ? undefined : pick(ctx.random, [...(st.s.rateLimits.get(p.id)?.values() ?? [])]);
      return p !== undefined && l !== undefined && call('POST', `/organization/projects/${p.id}/rate_limits/${l.id}`, { max_requests_per_1_minute: 100 * ctx.random.between(1, 50) });
    },
  },
  { name: 'certificate uploaded', run: async (ctx, call) => call('POST', '/organization/certificates', { certificate: PEM, name: fresh(ctx, 'cert') }) },
  { name: 'certificate renamed', run: async (ctx, call) => { const c = pick(ctx.random, state(ctx).certificates); return c !== undefined && call('POST', `/organization/certificates/${c.id}`, { name: fresh(ctx, 'cert-renamed') }); } },
  { name: 'certificate deleted', run: async (ctx, call) => { const c = pick(ctx.random, state(ctx).certificates); return c !== undefined && call('DELETE', `/organization/certificates/${c.id}`); } },
  {
    name: 'certificate (de)activated for the organization',
    run: async (ctx, call) => {
      const c = pick(ctx.random, state(ctx).certificates);
      return c !== undefined && call('POST', `/organization/certificates/${c.org_active ? 'deactivate' : 'activate'}`, { certificate_ids: [c.id] });
    },
  },
  {
    name: 'certificate (de)activated for a project',
    run: async (ctx, call) => {
      const st = state(ctx);
      const c = pick(ctx.random, st.certificates);
      const p = pick(ctx.random, st.activeProjects);
      if (c === undefined || p === undefined) return false;
      const active = st.s.projectCertificates.get(p.id)?.has(c.id) === true;
      return call('POST', `/organization/projects/${p.id}/certificates/${active ? 'deactivate' : 'activate'}`, { certificate_ids: [c.id] });
    },
  },
];

/** Makes `count` random changes; returns the names of those the emulator accepted. */
export async function randomChanges(ctx: ChangeContext, count: number): Promise<string[]> {
  const made: string[] = [];
  const call: Call = async (method, path, body) => (await ctx.emu.actAs(ctx.actor, method, path, body)).status === 200;
  for (let i = 0; i < count; i += 1) {
    const kind = ctx.random.pick(CHANGE_KINDS);
    if (await kind.run(ctx, call)) made.push(kind.name);
  }
  return made;
}
