// What src/api/ offers the rest of orgplane.
export type { AdminApi } from './admin-api.js';
export { createAdminClient, CERTIFICATE_IDS_PER_CALL, HOSTED_TOOLS, USAGE_KINDS, type AdminClient } from './client.js';
export { resolveClientOptions, ConfigError, DEFAULT_BASE_URL, type AdminClientOptions, type ResolveInput } from './options.js';
export { ApiError, RateLimitDeadlineError, formatMs, type ApiErrorKind } from './errors.js';
export { DEFAULT_LIMITS_FILE } from './limits-store.js';
export type { PacingProgress, RouteSummary } from './scheduler.js';
export { collect } from './collect.js';
export { systemClock, type Clock } from './clock.js';
export { MAX_PAGE_SIZE, type PageSizeMode } from './page-sizes.js';
export { createGotTransport, TransportFailure, type Transport, type HttpRequest, type HttpResponse, type HttpMethod } from './transport.js';
export type * from './types.js';
