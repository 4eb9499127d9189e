// Wraps the API client's transport to count every HTTP exchange by route template and
// status for /metrics (retries included: each attempt is a request the API sees).
import { createGotTransport, type Transport } from '../api/transport.js';

const COLLECTIONS = new Set([
  'users', 'invites', 'groups', 'roles', 'projects', 'service_accounts', 'api_keys',
  'rate_limits', 'certificates', 'admin_api_keys', 'audit_logs', 'usage', 'costs',
]);
const ACTIONS = new Set(['activate', 'deactivate', 'archive']);

/** `/v1/projects/proj_abc/users/user-1` → `/v1/projects/{id}/users/{id}`: a segment after a collection is an id. */
export function routeTemplate(url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return '(invalid)';
  }
  const segments = pathname.split('/');
  return segments
    .map((segment, i) => {
      const parent = segments[i - 1] ?? '';
      const isId = COLLECTIONS.has(parent) && !COLLECTIONS.has(segment) && !ACTIONS.has(segment);
      return isId ? '{id}' : segment;
    })
    .join('/');
}

export function countingTransport(
  onExchange: (route: string, status: string) => void,
  inner: Transport = createGotTransport({ timeoutMs: 30_000 }),
): Transport {
  return async (request) => {
    const route = `${request.method} ${routeTemplate(request.url)}`;
    try {
      const response = await inner(request);
      onExchange(route, String(response.status));
      return response;
    } catch (error) {
      onExchange(route, 'network_error');
      throw error;
    }
  };
}
