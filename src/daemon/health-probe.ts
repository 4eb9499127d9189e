// The container HEALTHCHECK's probe: find where the daemon listens the way the daemon
// itself decides it (--listen on its command line, else ORGPLANE_LISTEN, else the
// default) and GET /healthz there, so `docker run IMAGE daemon --listen :8080` stays healthy.
import { parseListen } from './health-server.js';

export const DEFAULT_LISTEN = '127.0.0.1:9464';

/** The daemon's --listen value: the last one on its command line (commander's rule), else the environment's. */
export function daemonListen(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  let listen: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--listen' && i + 1 < argv.length) listen = argv[i + 1]!;
    else if (arg.startsWith('--listen=')) listen = arg.slice('--listen='.length);
  }
  return listen ?? env.ORGPLANE_LISTEN ?? DEFAULT_LISTEN;
}

/** The /healthz URL to probe for a --listen value; undefined when the server is off. */
export function healthzUrl(listen: string): string | undefined {
  if (listen === '' || listen === 'off') return undefined;
  const { host, port } = parseListen(listen);
  // A wildcard address accepts loopback connections; a specific one must be dialled as is.
  const target = host === '' || host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${target.includes(':') ? `[${target}]` : target}:${port}/healthz`;
}

export type ProbeResult = { healthy: true; detail: string } | { healthy: false; detail: string };

export async function probeHealthz(url: string | undefined, timeoutMs: number): Promise<ProbeResult> {
  if (url === undefined) return { healthy: true, detail: 'the health server is off (--listen off): nothing to probe' };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok ? { healthy: true, detail: `${url} answered ${response.status}` } : { healthy: false, detail: `${url} answered ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { healthy: false, detail: `${url} did not answer: ${cause ?? (error instanceof Error ? error.message : String(error))}` };
  }
}
