// Usage (/organization/usage/{kind}) and costs (/organization/costs): read-only time
// buckets. The emulator has no traffic, so buckets are well-formed and empty.
import type { HandlerContext, RouteDef } from '../context.js';
import { badRequest } from '../http-error.js';

const WIDTH_SECONDS = { '1m': 60, '1h': 3600, '1d': 86_400 } as const;
type Width = keyof typeof WIDTH_SECONDS;

/** Reference, usage `limit`: 1d default 7 max 31; 1h default 24 max 168; 1m default 60 max 1440. */
const USAGE_LIMITS: Record<Width, { default: number; max: number }> = {
  '1d': { default: 7, max: 31 },
  '1h': { default: 24, max: 168 },
  '1m': { default: 60, max: 1440 },
};
/** Reference, costs `limit`: between 1 and 180, default 7; only 1d buckets. */
const COSTS_LIMIT = { default: 7, max: 180 };

export const USAGE_KINDS = [
  'audio_speeches',
  'audio_transcriptions',
  'code_interpreter_sessions',
  'completions',
  'embeddings',
  'images',
  'moderations',
  'vector_stores',
] as const;

function integerParam(ctx: HandlerContext, name: string, required: boolean): number | undefined {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') {
    if (required) throw badRequest(`Missing required parameter: '${name}'.`, name);
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw badRequest(`Invalid '${name}': expected an integer.`, name);
  return value;
}

function buckets(ctx: HandlerContext, widths: readonly Width[], limits: (w: Width) => { default: number; max: number }): unknown {
  const start = integerParam(ctx, 'start_time', true) ?? 0;
  const end = integerParam(ctx, 'end_time', false) ?? ctx.now();
  const rawWidth = ctx.query.get('bucket_width') ?? '1d';
  if (!(widths as readonly string[]).includes(rawWidth)) {
    throw badRequest(`Invalid 'bucket_width': expected one of ${widths.join(', ')}.`, 'bucket_width');
  }
  const width = rawWidth as Width;
  const spec = limits(width);
  const limit = integerParam(ctx, 'limit', false) ?? spec.default;
  if (limit < 1 || limit > spec.max) throw badRequest(`Invalid 'limit': must be between 1 and ${spec.max}.`, 'limit');
  const page = ctx.query.get('page');
  const from = page === null || page === '' ? start : Number(page);
  if (!Number.isInteger(from)) throw badRequest("Invalid 'page' cursor.", 'page');
  const step = WIDTH_SECONDS[width];
  const data: unknown[] = [];
  let t = from;
  while (t < end && data.length < limit) {
    data.push({ object: 'bucket', start_time: t, end_time: Math.min(t + step, end), results: [] });
    t += step;
  }
  const hasMore = t < end;
  return { object: 'page', data, has_more: hasMore, next_page: hasMore ? String(t) : null };
}

export const usageRoutes: RouteDef[] = [
  ...USAGE_KINDS.map((kind) => ({
    method: 'GET' as const,
    path: `/v1/organization/usage/${kind}`,
    handler: (ctx: HandlerContext) => buckets(ctx, ['1m', '1h', '1d'], (w) => USAGE_LIMITS[w]),
  })),
  {
    method: 'GET',
    path: '/v1/organization/costs',
    handler: (ctx) => buckets(ctx, ['1d'], () => COSTS_LIMIT),
  },
];
