// /healthz (the process answers), /readyz (reconciling: a recent good cycle on a valid
// revision) and /metrics (Prometheus text) on --listen.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface Readiness {
  ready: boolean;
  /** Why, for people reading the probe's answer. */
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface HealthServerOptions {
  /** `host:port`; port 0 picks a free one. */
  listen: string;
  registry: Registry;
  readiness: () => Readiness;
  /**
   * GET /snapshot: the daemon's live snapshot, read-only, for PR-check plans (`--state URL`).
   * It holds emails: served only with this bearer token. Default: not served (404).
   */
  snapshot?: { token: string; body: () => string | undefined };
}

/** Bearer token check in constant time: both sides hashed to equal-length digests first. */
export function bearerMatches(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return given !== '' && timingSafeEqual(digest(given), digest(token));
}

export interface RunningHealthServer {
  url: string;
  close(): Promise<void>;
}

export function parseListen(listen: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(listen);
  if (!match) throw new Error(`--listen must look like HOST:PORT (got "${listen}")`);
  const port = Number(match[3]);
  if (port > 65_535) throw new Error(`--listen port out of range (got ${port})`);
  return { host: match[1] ?? (match[2] || '0.0.0.0'), port };
}

export async function startHealthServer(options: HealthServerOptions): Promise<RunningHealthServer> {
  const { host, port } = parseListen(options.listen);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (path === '/readyz') {
      const readiness = options.readiness();
      res
        .writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json' })
        .end(`${JSON.stringify(readiness)}\n`);
      return;
    }
    if (path === '/snapshot' && options.snapshot !== undefined) {
      if (!bearerMatches(req, options.snapshot.token)) {
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('a bearer token (ORGPLANE_SNAPSHOT_TOKEN) is required\n');
        return;
      }
      const body = options.snapshot.body();
      if (body === undefined) {
        res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '60' }).end('no snapshot yet: the first full read has not finished\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body);
      return;
    }
    if (path === '/metrics') {
      options.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
