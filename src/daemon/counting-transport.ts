// Wraps the API client's transport to count every HTTP exchange by route template and
// status for /metrics (retries included: each attempt is a request the API sees).
import { createGotTransport, type Transport } from '../api/transport.js';

/** `/v1/projects/proj_abc/users/user-1` → `/v1/projects/{id}/users/{id}`. */
export function routeTemplate(url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return '(invalid)';
  }
  return pathname
    .split('/')
    .map((segment, i, all) => {
      if (i === 0) return segment;
      const parent = all[i - 1] ?? '';
      const looksLikeId = /^(proj|user|invite|group|role|key|cert|rl|org|svc|audit|usr)[_-]/i.test(segment) || /\d/.test(segment);
      return looksLikeId && parent !== 'v1' ? '{id}' : segment;
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
