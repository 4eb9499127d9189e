// What a route handler sees, and the small helpers handlers share (body fields,
// list queries, pagination envelopes).
import { badRequest } from './http-error.js';
import type { EmulatorStore } from './store.js';
import type { Actor, AuditEvent } from './types.js';

export interface HandlerContext {
  readonly store: EmulatorStore;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly actor: Actor;
  /** Unix seconds from the emulator's clock. */
  now(): number;
  /** Records an audit event for a mutation (actor and id filled in); no payload for a type the spec gives none. */
  audit(type: AuditEvent['type'], payload?: Record<string, unknown>, projectId?: string): void;
}

export type Handler = (ctx: HandlerContext) => unknown;

export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  /** Template as in the reference, under /v1, e.g. `/v1/organization/users/{user_id}`. */
  path: string;
  handler: Handler;
}

// --- body fields -----------------------------------------------------------------

export function bodyObject(ctx: HandlerContext): Record<string, unknown> {
  const body = ctx.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

export function requiredString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value.length === 0) throw badRequest(`Missing required parameter: '${name}'.`, name);
  return value;
}

export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`Invalid type for '${name}': expected a string.`, name);
  return value;
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw badRequest(`Invalid value for '${name}': expected one of ${allowed.join(', ')}.`, name);
  }
  return value as T;
}

export function stringArray(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw badRequest(`Invalid type for '${name}': expected an array of strings.`, name);
  }
  return value;
}

// --- query -----------------------------------------------------------------------

/**
 * An array query parameter as OpenAI's official SDKs send it, `name[]=a&name[]=b` (qs
 * `brackets`, see docs/api-client.md): what the live API is exercised with. `specName` is
 * the spec's name, with brackets (`project_ids[]` on audit logs) or without (`emails`,
 * `include`); either way only the bracketed spelling is read. The bare spelling is an
 * unknown parameter and, like any unknown parameter, ignored: it filters nothing (a
 * certificate read with `include=content` comes back without its content).
 */
export function queryArray(query: URLSearchParams, specName: string): string[] {
  return query.getAll(specName.endsWith('[]') ? specName : `${specName}[]`);
}

export interface LimitSpec {
  min: number;
  max: number;
  default: number;
}

/** Page sizes from the reference's text for each list; outside the range is a 400. */
export const LIMITS = {
  standard: { min: 1, max: 100, default: 20 },
  groups: { min: 0, max: 1000, default: 100 },
  roles: { min: 0, max: 1000, default: 1000 },
  rateLimits: { min: 1, max: 100, default: 100 },
  projectGroups: { min: 0, max: 100, default: 20 },
  roleAssignments: { min: 0, max: 1000, default: 100 },
} as const satisfies Record<string, LimitSpec>;

export function readLimit(query: URLSearchParams, spec: LimitSpec): number {
  const raw = query.get('limit');
  if (raw === null || raw === '') return spec.default;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw badRequest(`Invalid 'limit': must be an integer between ${spec.min} and ${spec.max}.`, 'limit');
  }
  return value;
}

export function readOrder(query: URLSearchParams, fallback: 'asc' | 'desc'): 'asc' | 'desc' {
  const raw = query.get('order');
  if (raw === null || raw === '') return fallback;
  return oneOf(raw, ['asc', 'desc'] as const, 'order');
}

interface Window<T> {
  data: T[];
  hasMore: boolean;
}

/** Cuts a page out of `items` (already in list order) after or before a cursor id. */
export function windowOf<T>(items: readonly T[], idOf: (item: T) => string, query: URLSearchParams, limit: number): Window<T> {
  const after = query.get('after');
  const before = query.get('before');
  if (before !== null && before !== '') {
    const end = items.findIndex((item) => idOf(item) === before);
    if (end < 0) throw badRequest(`Invalid 'before' cursor: '${before}'.`, 'before');
    const start = Math.max(0, end - limit);
    return { data: items.slice(start, end), hasMore: start > 0 };
  }
  let start = 0;
  if (after !== null && after !== '') {
    const index = items.findIndex((item) => idOf(item) === after);
    if (index < 0) throw badRequest(`Invalid 'after' cursor: '${after}'.`, 'after');
    start = index + 1;
  }
  return { data: items.slice(start, start + limit), hasMore: start + limit < items.length };
}

export interface CursorPage<T> {
  object: 'list';
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

export interface NextPage<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  next: string | null;
}

/** The `first_id/last_id/has_more` envelope of most lists. */
export function cursorPage<S, T>(
  items: readonly S[],
  idOf: (item: S) => string,
  render: (item: S) => T,
  query: URLSearchParams,
  spec: LimitSpec,
  defaultOrder: 'asc' | 'desc' = 'asc',
): CursorPage<T> {
  const ordered = readOrder(query, defaultOrder) === 'asc' ? items : [...items].reverse();
  const { data, hasMore } = windowOf(ordered, idOf, query, readLimit(query, spec));
  const first = data[0];
  const last = data[data.length - 1];
  return {
    object: 'list',
    data: data.map(render),
    first_id: first === undefined ? null : idOf(first),
    last_id: last === undefined ? null : idOf(last),
    has_more: hasMore,
  };
}

const CURSOR_PREFIX = 'cur_';

/** An opaque `next` cursor: `cur_` + base64url of `{"after":"<id>"}`. Never a bare id. */
export function encodeCursor(afterId: string): string {
  return CURSOR_PREFIX + Buffer.from(JSON.stringify({ after: afterId }), 'utf8').toString('base64url');
}

/** The id inside an opaque cursor, or undefined when `raw` is not one (a bare id, garbage). */
export function decodeCursor(raw: string): string | undefined {
  if (!raw.startsWith(CURSOR_PREFIX)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw.slice(CURSOR_PREFIX.length), 'base64url').toString('utf8'));
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const after = (parsed as { after?: unknown }).after;
    return typeof after === 'string' && after !== '' ? after : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `has_more/next` envelope of groups, group users, roles and role assignments. `next`
 * is an opaque cursor (the spec's envelope gives it); `after` takes it back, and takes a
 * plain object id too, since the spec says so ("`after` is a group ID that defines your
 * place in the list"). Anything else is a 400.
 */
export function nextPage<S, T>(
  items: readonly S[],
  idOf: (item: S) => string,
  render: (item: S) => T,
  query: URLSearchParams,
  spec: LimitSpec,
  defaultOrder: 'asc' | 'desc' = 'asc',
): NextPage<T> {
  const ordered = readOrder(query, defaultOrder) === 'asc' ? items : [...items].reverse();
  const limit = readLimit(query, spec);
  const raw = query.get('after');
  let start = 0;
  if (raw !== null && raw !== '') {
    const afterId = decodeCursor(raw) ?? raw;
    const index = ordered.findIndex((item) => idOf(item) === afterId);
    if (index < 0) throw badRequest(`Invalid 'after' cursor: '${raw}'.`, 'after');
    start = index + 1;
  }
  const data = ordered.slice(start, start + limit);
  const hasMore = start + limit < ordered.length;
  const last = data[data.length - 1];
  return {
    object: 'list',
    data: data.map(render),
    has_more: hasMore,
    next: hasMore && last !== undefined ? encodeCursor(idOf(last)) : null,
  };
}
