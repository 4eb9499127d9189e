// The bottom layer: one HTTP exchange with got, nothing more. got's own retry is off
// (retry.limit 0) so that only our retry layer decides; HTTP error statuses are returned,
// not thrown; a failure without an answer becomes a TransportFailure that carries no
// request options (got's RequestError holds the headers, hence the admin key).
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import got, { type Agents } from 'got';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { proxyFor, proxySettingsFromEnv, redactProxy, type ProxySettings } from '../net/index.js';

/** A low-level failure with no answer (reset, timeout, refused), already stripped of got's options. */
export class TransportFailure extends Error {
  readonly code: string;
  /** False only when we know the request never left (connection refused, DNS). */
  readonly maybeSent: boolean;

  constructor(code: string, message: string, maybeSent: boolean) {
    super(message);
    this.name = 'TransportFailure';
    this.code = code;
    this.maybeSent = maybeSent;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  /** Route template of the call (`/organization/projects/{project_id}`), for counting; not sent. */
  route?: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/** Sends one request; resolves with any status, rejects only with a TransportFailure. */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

// Codes for which the request certainly never reached the server.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL']);

export function toTransportFailure(error: unknown): TransportFailure {
  if (error instanceof TransportFailure) return error;
  const code =
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
      ? (error as { code: string }).code
      : 'ERR_NETWORK';
  // Only the message travels on: never the error itself (its options hold the key).
  const message = error instanceof Error ? error.message : 'request failed';
  return new TransportFailure(code, message, !NOT_SENT_CODES.has(code));
}

export interface GotTransportOptions {
  timeoutMs: number;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * got's agents for a request: a proxy agent when the environment names a proxy for this
 * URL (hpagent: CONNECT for https, absolute-form requests for http), else Node's default.
 * One agent per proxy keeps connections to the proxy alive across requests.
 */
function proxyAgents(settings: ProxySettings): (url: URL) => { agent?: Agents; proxy?: string } {
  const httpsAgents = new Map<string, HttpsAgent>();
  const httpAgents = new Map<string, HttpAgent>();
  const options = (proxy: string) => ({ proxy, keepAlive: true, scheduling: 'lifo' as const });
  return (url) => {
    const proxy = proxyFor(url, settings);
    if (proxy === undefined) return {};
    if (url.protocol === 'https:') {
      const agent = httpsAgents.get(proxy) ?? new HttpsProxyAgent(options(proxy));
      httpsAgents.set(proxy, agent);
      return { proxy, agent: { https: agent } };
    }
    const agent = httpAgents.get(proxy) ?? new HttpProxyAgent(options(proxy));
    httpAgents.set(proxy, agent);
    return { proxy, agent: { http: agent } };
  };
}

export function createGotTransport(options: GotTransportOptions): Transport {
  const client = got.extend({
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    timeout: { request: options.timeoutMs },
    responseType: 'text',
  });
  const route = proxyAgents(proxySettingsFromEnv(options.env ?? process.env));
  return async (request) => {
    let proxy: string | undefined;
    try {
      const via = route(new URL(request.url));
      proxy = via.proxy;
      const response = await client(request.url, {
        method: request.method,
        headers: request.headers,
        ...(via.agent === undefined ? {} : { agent: via.agent }),
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : undefined;
      }
      return { status: response.statusCode, headers, body: response.body };
    } catch (error) {
      const failure = toTransportFailure(error);
      // Say which proxy was in the way (without its credentials): the fix is often there.
      if (proxy === undefined) throw failure;
      throw new TransportFailure(failure.code, `${failure.message} (through proxy ${redactProxy(proxy)})`, failure.maybeSent);
    }
  };
}
