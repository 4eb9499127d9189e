// Proxies from the environment, the way curl, git and undici read them: HTTPS_PROXY for
// https URLs, HTTP_PROXY for http URLs (lower-case names win, as in undici's
// EnvHttpProxyAgent), and NO_PROXY naming hosts reached directly. One reading serves the
// Admin API client (got + hpagent), GitHub (octokit's fetch + undici) and git (its own env).

/** What the environment says about proxies; absent means "connect directly". */
export interface ProxySettings {
  /** Proxy for http:// URLs (`http_proxy` or `HTTP_PROXY`). */
  httpProxy?: string;
  /** Proxy for https:// URLs (`https_proxy`, `HTTPS_PROXY`, else the http proxy). */
  httpsProxy?: string;
  /** Comma- or space-separated hosts (`example.com`, `.example.com`, `*.example.com`, `host:port`, `*`). */
  noProxy: string;
}

const nonEmpty = (...values: (string | undefined)[]): string | undefined => values.find((value) => value !== undefined && value.trim() !== '')?.trim();

export function proxySettingsFromEnv(env: NodeJS.ProcessEnv): ProxySettings {
  const httpProxy = nonEmpty(env.http_proxy, env.HTTP_PROXY);
  const httpsProxy = nonEmpty(env.https_proxy, env.HTTPS_PROXY) ?? httpProxy;
  return {
    ...(httpProxy === undefined ? {} : { httpProxy }),
    ...(httpsProxy === undefined ? {} : { httpsProxy }),
    noProxy: nonEmpty(env.no_proxy, env.NO_PROXY) ?? '',
  };
}

export function hasProxy(settings: ProxySettings): boolean {
  return settings.httpProxy !== undefined || settings.httpsProxy !== undefined;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address; a leading `.` or `*.` is dropped. */
function splitHostPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1]!, bracketed[2]];
  const parts = entry.split(':');
  const [host, port] = parts.length === 2 ? [parts[0]!, parts[1]] : [entry, undefined];
  return [host.replace(/^\*?\./, ''), port];
}

/** True when NO_PROXY says to reach this URL directly. */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port === '' ? (DEFAULT_PORTS[url.protocol] ?? '') : url.port;
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const [entryHost, entryPort] = splitHostPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return true;
  }
  return false;
}

/** The proxy URL to use for `url`, or undefined to connect directly. */
export function proxyFor(url: URL, settings: ProxySettings): string | undefined {
  const proxy = url.protocol === 'https:' ? settings.httpsProxy : url.protocol === 'http:' ? settings.httpProxy : undefined;
  if (proxy === undefined || bypassesProxy(url, settings.noProxy)) return undefined;
  return proxy;
}

/** A proxy URL fit for logs and errors: no user name or password. */
export function redactProxy(proxy: string): string {
  try {
    const url = new URL(proxy);
    url.username = '';
    url.password = '';
    return url.origin;
  } catch {
    return 'the configured proxy';
  }
}
