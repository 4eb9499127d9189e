import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LISTEN, daemonListen, healthzUrl, probeHealthz } from '../../src/daemon/health-probe.js';

describe('daemonListen', () => {
  const tini = ['tini', '--', 'node', '/app/dist/cli.js', 'daemon'];

  it('follows --listen on the daemon command line over the environment', () => {
    expect(daemonListen([...tini, '--listen', '0.0.0.0:8080'], { ORGPLANE_LISTEN: '0.0.0.0:9464' })).toBe('0.0.0.0:8080');
    expect(daemonListen([...tini, '--listen=[::]:8081'], {})).toBe('[::]:8081');
  });

  it('takes the last --listen, as the option parser does', () => {
    expect(daemonListen([...tini, '--listen', '0.0.0.0:1', '--listen', '0.0.0.0:2'], {})).toBe('0.0.0.0:2');
  });

  it('falls back to ORGPLANE_LISTEN, then the daemon default', () => {
    expect(daemonListen(tini, { ORGPLANE_LISTEN: '0.0.0.0:9999' })).toBe('0.0.0.0:9999');
    expect(daemonListen(tini, {})).toBe(DEFAULT_LISTEN);
  });
});

describe('healthzUrl', () => {
  it('dials loopback for a wildcard address and the address itself otherwise', () => {
    expect(healthzUrl('0.0.0.0:9464')).toBe('http://127.0.0.1:9464/healthz');
    expect(healthzUrl(':9464')).toBe('http://127.0.0.1:9464/healthz');
    expect(healthzUrl('[::]:9464')).toBe('http://[::1]:9464/healthz');
    expect(healthzUrl('10.1.2.3:80')).toBe('http://10.1.2.3:80/healthz');
  });

  it('has nothing to probe when the server is off', () => {
    expect(healthzUrl('off')).toBeUndefined();
    expect(healthzUrl('')).toBeUndefined();
  });
});

describe('probeHealthz', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  const serve = (status: number): Promise<string> =>
    new Promise((resolve) => {
      server = createServer((req, res) => res.writeHead(req.url === '/healthz' ? status : 404).end('ok'));
      server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server!.address() as AddressInfo).port}`));
    });

  it('is healthy on 200 and unhealthy on 503', async () => {
    expect(await probeHealthz(healthzUrl(await serve(200)), 2000)).toMatchObject({ healthy: true });
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    expect(await probeHealthz(healthzUrl(await serve(503)), 2000)).toMatchObject({ healthy: false, detail: expect.stringContaining('503') });
  });

  it('is unhealthy, naming the address, when nothing listens', async () => {
    const listen = await serve(200);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    expect(await probeHealthz(healthzUrl(listen), 2000)).toEqual({ healthy: false, detail: `http://${listen}/healthz did not answer: ECONNREFUSED` });
  });
});
