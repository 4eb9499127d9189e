// HTTPS_PROXY / HTTP_PROXY / NO_PROXY for every client orgplane runs: the Admin API
// transport (got + hpagent), GitHub (octokit's fetch + undici) and git (its own curl),
// each checked against a real forward proxy on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGotTransport, TransportFailure } from '../../src/api/transport.js';
import { createGitHubClient } from '../../src/github/client.js';
import { bypassesProxy, proxyFor, proxySettingsFromEnv, redactProxy } from '../../src/net/index.js';
import { runGit } from '../../src/source/index.js';
import { startTestProxy, type TestProxy } from '../support/proxy.js';

describe('proxySettingsFromEnv', () => {
  it('reads lower-case names first, as curl and undici do, and falls back to HTTP_PROXY for https', () => {
    expect(proxySettingsFromEnv({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1', NO_PROXY: 'a', no_proxy: 'b' })).toEqual({
      httpsProxy: 'http://lower:1',
      noProxy: 'b',
    });
    expect(proxySettingsFromEnv({ HTTP_PROXY: 'http://p:3128' })).toEqual({ httpProxy: 'http://p:3128', httpsProxy: 'http://p:3128', noProxy: '' });
    expect(proxySettingsFromEnv({ HTTPS_PROXY: '  ' })).toEqual({ noProxy: '' });
  });
});

describe('bypassesProxy', () => {
  const direct = (url: string, noProxy: string) => bypassesProxy(new URL(url), noProxy);

  it('matches hosts, their subdomains, leading dots and wildcards, case-insensitively', () => {
    expect(direct('https://api.openai.com/v1', 'openai.com')).toBe(true);
    expect(direct('https://api.openai.com/v1', '.openai.com')).toBe(true);
    expect(direct('https://api.openai.com/v1', '*.OpenAI.com')).toBe(true);
    expect(direct('https://notopenai.com/', 'openai.com')).toBe(false);
    expect(direct('https://github.com/', 'localhost, 127.0.0.1 github.com')).toBe(true);
    expect(direct('https://anything.example/', '*')).toBe(true);
    expect(direct('https://api.openai.com/', '')).toBe(false);
  });

  it('limits an entry with a port to that port (default ports included)', () => {
    expect(direct('https://api.openai.com/', 'api.openai.com:443')).toBe(true);
    expect(direct('http://api.openai.com/', 'api.openai.com:443')).toBe(false);
    expect(direct('http://127.0.0.1:8080/', '127.0.0.1:8080')).toBe(true);
    expect(direct('http://[::1]:8080/', '[::1]:8080')).toBe(true);
    expect(direct('http://[::1]:8080/', '::1')).toBe(true);
  });
});

describe('proxyFor and redactProxy', () => {
  it('picks the proxy by scheme and never for NO_PROXY hosts', () => {
    const settings = { httpProxy: 'http://plain:1', httpsProxy: 'http://tls:1', noProxy: 'internal.example' };
    expect(proxyFor(new URL('https://api.openai.com/v1'), settings)).toBe('http://tls:1');
    expect(proxyFor(new URL('http://emulator:8080/v1'), settings)).toBe('http://plain:1');
    expect(proxyFor(new URL('https://git.internal.example/x.git'), settings)).toBeUndefined();
  });

  it('drops credentials from a proxy URL shown to people', () => {
    expect(redactProxy('http://alice:s3cret@proxy.corp:3128')).toBe('http://proxy.corp:3128');
  });
});

describe('through a proxy on 127.0.0.1', () => {
  let proxy: TestProxy;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    proxy = await startTestProxy();
    server = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    proxy.seen.length = 0;
    proxy.refuseTunnels = false;
    vi.unstubAllEnvs();
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  describe('the Admin API transport', () => {
    it('sends http requests through HTTP_PROXY', async () => {
      const transport = createGotTransport({ timeoutMs: 5000, env: { HTTP_PROXY: proxy.url } });
      const response = await transport({ method: 'GET', url: `${origin}/v1/organization/users`, headers: { authorization: 'Bearer sk-admin-x' } });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ path: '/v1/organization/users' });
      // hpagent tunnels plain http through CONNECT as well.
      expect(proxy.seen.map((r) => `${r.method} ${r.target}`)).toEqual([`CONNECT ${new URL(origin).host}`]);
    });

    it('reaches NO_PROXY hosts directly', async () => {
      const transport = createGotTransport({ timeoutMs: 5000, env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' } });
      const response = await transport({ method: 'GET', url: `${origin}/v1/organization/users`, headers: {} });
      expect(response.status).toBe(200);
      expect(proxy.seen).toEqual([]);
    });

    it('tunnels https with CONNECT, authenticates to the proxy, and names the proxy (not its password) when it refuses', async () => {
      proxy.refuseTunnels = true;
      const transport = createGotTransport({ timeoutMs: 5000, env: { HTTPS_PROXY: proxy.url.replace('//', '//alice:s3cret@') } });
      const error = await transport({ method: 'GET', url: 'https://api.openai.com/v1/organization/users', headers: {} }).catch((e: unknown) => e);
      expect(proxy.seen.map((r) => `${r.method} ${r.target}`)).toEqual(['CONNECT api.openai.com:443']);
      expect(proxy.seen[0]!.headers['proxy-authorization']).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
      expect(error).toBeInstanceOf(TransportFailure);
      expect((error as Error).message).toContain(`(through proxy ${proxy.url})`);
      expect((error as Error).message).not.toContain('s3cret');
    });
  });

  describe('the GitHub client', () => {
    const github = (env: NodeJS.ProcessEnv) => createGitHubClient({ token: 'ghs_test', baseUrl: origin, throttle: false, maxRetries: 0, env });

    it('sends requests through the proxy', async () => {
      const response = await github({ HTTP_PROXY: proxy.url }).request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'org' });
      expect(response.data).toEqual({ path: '/repos/acme/org' });
      expect(proxy.seen).toHaveLength(1);
      // undici tunnels even plain http through CONNECT.
      expect(proxy.seen[0]!.target).toMatch(new RegExp(`^(CONNECT )?(${new URL(origin).host}|${origin}/repos/acme/org)$`));
    });

    it('reaches NO_PROXY hosts directly', async () => {
      const response = await github({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }).request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'org' });
      expect(response.data).toEqual({ path: '/repos/acme/org' });
      expect(proxy.seen).toEqual([]);
    });
  });

  describe('git', () => {
    const lsRemote = () => runGit(['ls-remote', `${origin}/acme/org.git`], { timeoutMs: 20_000 }).catch((e: unknown) => e);

    it('fetches through an upper-case HTTP_PROXY (which curl alone would ignore)', async () => {
      vi.stubEnv('http_proxy', undefined);
      vi.stubEnv('HTTP_PROXY', proxy.url);
      vi.stubEnv('NO_PROXY', undefined);
      vi.stubEnv('no_proxy', undefined);
      await lsRemote(); // the test server is no git server: only the route matters
      expect(proxy.seen.map((r) => r.target)).toContain(`${origin}/acme/org.git/info/refs?service=git-upload-pack`);
    });

    it('reaches NO_PROXY hosts directly', async () => {
      vi.stubEnv('HTTP_PROXY', proxy.url);
      vi.stubEnv('NO_PROXY', '127.0.0.1');
      await lsRemote();
      expect(proxy.seen).toEqual([]);
    });
  });
});
