// The control surface under /_emulator/ (no real API has it): seed, dump, reset,
// accept an invite, request counts and fault injection. Acting as a dashboard user is
// served by the server itself (/_emulator/as-user/{email}/v1/… or x-emulator-actor).
import { bodyObject, type RouteDef } from './context.js';
import { LIVE_THROTTLE, type FaultInjector, type FaultSettings } from './faults.js';
import { badRequest, notFound } from './http-error.js';
import { newId } from './ids.js';
import { inviteStatus, renderInvite, renderUser } from './render.js';
import { dumpSeed } from './seed.js';
import { validateSeed } from './seed-schema.js';
import type { Violation } from './spec-requests.js';
import type { EmulatorSeed } from './seed-types.js';
import type { EmulatorStore } from './store.js';

export interface RequestCounts {
  total: number;
  /** Keyed `METHOD /v1/template`, e.g. `GET /v1/organization/users`. */
  byRoute: Record<string, number>;
}

export interface ControlState {
  store: EmulatorStore;
  now(): number;
  applySeed(seed: EmulatorSeed): void;
  reset(): void;
  counts: RequestCounts;
  faults: FaultInjector;
  /** Moves the emulator's clock forward by this many seconds. */
  advanceClock(seconds: number): void;
  /** Strict mode: the recorded request violations, cleared as they are taken. */
  takeViolations(): Violation[];
}

/** Accepting creates the user (with the invite's role) and the invite's project memberships. */
export function acceptInvite(state: ControlState, inviteId: string): { invite: unknown; user: unknown } {
  const { store } = state;
  const invite = store.invites.get(inviteId);
  if (!invite) throw notFound('invite', inviteId);
  const now = state.now();
  const status = inviteStatus(invite, now);
  if (status !== 'pending') throw badRequest(`Invite '${inviteId}' is ${status} and cannot be accepted.`, 'invite_id');
  if (store.userByEmail(invite.email)) throw badRequest(`'${invite.email}' is already a member.`, 'invite_id');
  const user = {
    id: newId('user'),
    email: invite.email,
    name: invite.email.split('@')[0] ?? invite.email,
    role: invite.role,
    added_at: now,
    is_scim_managed: false,
  };
  store.putUser(user);
  for (const p of invite.projects) {
    const project = store.projects.get(p.id);
    if (project && project.archived_at === null) store.putProjectMember(p.id, { user_id: user.id, role: p.role, added_at: now });
  }
  invite.status = 'accepted';
  invite.accepted_at = now;
  const actor = { type: 'session' as const, session: { user: { id: user.id, email: user.email }, ip_address: '127.0.0.1' } };
  store.appendAudit({ id: newId('audit'), type: 'invite.accepted', effective_at: now, actor, 'invite.accepted': { id: invite.id } });
  store.appendAudit({ id: newId('audit'), type: 'user.added', effective_at: now, actor, 'user.added': { id: user.id, data: { role: user.role } } });
  return { invite: renderInvite(invite, now), user: renderUser(user) };
}

function readFaults(body: Record<string, unknown>): Partial<FaultSettings> {
  const out: Partial<FaultSettings> = {};
  for (const key of ['latencyMs', 'rateLimitRps', 'routeLimit', 'routeWindowSeconds', 'orgLimit', 'errorRate', 'dropRate', 'seed'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw badRequest(`'${key}' must be a non-negative number`, key);
    if ((key === 'errorRate' || key === 'dropRate') && value > 1) throw badRequest(`'${key}' is a share between 0 and 1`, key);
    if ((key === 'routeLimit' || key === 'orgLimit') && !Number.isInteger(value)) throw badRequest(`'${key}' must be a whole number of requests`, key);
    if (key === 'routeWindowSeconds' && value === 0) throw badRequest("'routeWindowSeconds' must be more than 0", key);
    out[key] = value;
  }
  // `throttle: "live"` is the CLI's --throttle live: the measured limits unless given.
  if (body.throttle !== undefined) {
    if (body.throttle !== 'live') throw badRequest("'throttle' can only be \"live\" (set routeLimit: 0 to turn it off)", 'throttle');
    out.routeLimit ??= LIVE_THROTTLE.routeLimit;
    out.routeWindowSeconds ??= LIVE_THROTTLE.routeWindowSeconds;
  }
  return out;
}

export function controlRoutes(state: ControlState): RouteDef[] {
  return [
    {
      method: 'POST',
      path: '/_emulator/reset',
      handler: () => {
        state.reset();
        state.faults.reset();
        state.counts.total = 0;
        state.counts.byRoute = {};
        return { ok: true };
      },
    },
    {
      method: 'POST',
      path: '/_emulator/seed',
      handler: (ctx) => {
        const problems = validateSeed(ctx.body);
        if (problems.length > 0) throw badRequest(`invalid seed: ${problems.slice(0, 5).join('; ')}`);
        state.applySeed(bodyObject(ctx));
        return { ok: true, users: state.store.users.size, projects: state.store.projects.size };
      },
    },
    { method: 'GET', path: '/_emulator/dump', handler: () => dumpSeed(state.store) },
    {
      method: 'POST',
      path: '/_emulator/invites/{invite_id}/accept',
      handler: (ctx) => acceptInvite(state, ctx.params.invite_id ?? ''),
    },
    {
      method: 'GET',
      path: '/_emulator/violations',
      handler: () => ({ violations: state.takeViolations() }),
    },
    {
      method: 'GET',
      path: '/_emulator/requests',
      handler: () => ({ total: state.counts.total, byRoute: { ...state.counts.byRoute } }),
    },
    {
      method: 'POST',
      path: '/_emulator/requests/reset',
      handler: () => {
        state.counts.total = 0;
        state.counts.byRoute = {};
        return { ok: true };
      },
    },
    { method: 'GET', path: '/_emulator/clock', handler: () => ({ now: state.now() }) },
    {
      method: 'POST',
      path: '/_emulator/clock',
      handler: (ctx) => {
        const seconds = bodyObject(ctx).advanceSeconds;
        // Fractions move the live-like throttle's shrunken windows; timestamps stay whole seconds.
        if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
          throw badRequest("'advanceSeconds' must be a non-negative number", 'advanceSeconds');
        }
        state.advanceClock(seconds);
        return { now: state.now() };
      },
    },
    {
      method: 'GET',
      path: '/_emulator/unset-settings',
      handler: () => ({ mode: state.store.unsetSettings }),
    },
    {
      method: 'POST',
      path: '/_emulator/unset-settings',
      handler: (ctx) => {
        const mode = bodyObject(ctx).mode;
        if (mode !== '404' && mode !== 'default') throw badRequest("'mode' must be \"404\" or \"default\"", 'mode');
        state.store.unsetSettings = mode;
        return { mode };
      },
    },
    {
      // The server's side of a hard spend limit (the API cannot set it): e.g. the month's spend reached it.
      method: 'POST',
      path: '/_emulator/spend-limit-enforcement',
      handler: (ctx) => {
        const body = bodyObject(ctx);
        const status = body.status;
        if (status !== 'inactive' && status !== 'enforcing') throw badRequest("'status' must be \"inactive\" or \"enforcing\"", 'status');
        const projectId = body.project_id;
        if (projectId !== undefined && typeof projectId !== 'string') throw badRequest("'project_id' must be a string", 'project_id');
        const limit = projectId === undefined ? state.store.orgSpendLimit : state.store.projectSpendLimits.get(projectId);
        if (!limit) throw notFound('hard spend limit', projectId ?? 'organization');
        limit.enforcement_status = status;
        return { status };
      },
    },
    { method: 'GET', path: '/_emulator/faults', handler: () => state.faults.current },
    { method: 'GET', path: '/_emulator/throttle', handler: () => state.faults.throttleReport() },
    {
      method: 'POST',
      path: '/_emulator/faults',
      handler: (ctx) => state.faults.configure(readFaults(bodyObject(ctx))),
    },
  ];
}
