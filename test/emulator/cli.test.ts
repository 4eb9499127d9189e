// `orgplane emulator` as a child process (needs `npm run build`).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli.js';

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'orgplane-emulator-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('orgplane emulator', () => {
  it('serves a seed with a given admin key and exits 0 on SIGINT', async () => {
    const seed = tempFile('seed.json', JSON.stringify({ users: [{ email: 'solo@x.test', role: 'owner' }], projects: [{ name: 'Only' }] }));
    const cli = startCli(['emulator', '--port', '0', '--seed', seed, '--admin-key', 'sk-admin-test-key']);
    const line = await cli.waitForLine(/^listening on /);
    expect(cli.stdout().split('\n')[0]).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const base = `${line.slice('listening on '.length)}/v1`;
    await cli.waitForLine(/^admin key: sk-admin-test-key$/);
    const res = await fetch(`${base}/organization/projects`, { headers: { authorization: 'Bearer sk-admin-test-key' } });
    expect(((await res.json()) as { data: { name: string }[] }).data.map((p) => p.name)).toEqual(['Only']);
    const result = await cli.stop('SIGINT');
    expect(result.code).toBe(0);
  });

  it('applies --latency-ms and --rate-limit-rps to /v1', async () => {
    const cli = startCli(['emulator', '--rate-limit-rps', '1', '--latency-ms', '1']);
    const url = (await cli.waitForLine(/^listening on /)).slice('listening on '.length);
    const key = (await cli.waitForLine(/^admin key: /)).slice('admin key: '.length);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push((await fetch(`${url}/v1/organization/users`, { headers: { authorization: `Bearer ${key}` } })).status);
    }
    expect(statuses).toContain(429);
    expect((await cli.stop()).code).toBe(0);
  });

  it('--throttle live answers 429 without Retry-After beyond --route-limit per route per --route-window', async () => {
    const cli = startCli(['emulator', '--throttle', 'live', '--route-limit', '2', '--route-window', '600']);
    const url = (await cli.waitForLine(/^listening on /)).slice('listening on '.length);
    const key = (await cli.waitForLine(/^admin key: /)).slice('admin key: '.length);
    await cli.waitForLine(/^throttle: live, 2 requests per route per 600 s window, 429 without Retry-After$/);
    const get = (path: string): Promise<Response> => fetch(`${url}/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 3; i += 1) {
      const res = await get('/organization/users');
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(refused?.headers.get('retry-after')).toBeNull();
    expect(((await refused?.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
    expect((await get('/organization/projects')).status).toBe(200);
    expect((await cli.stop()).code).toBe(0);
  });

  it('refuses window flags without --throttle live, and a bucket rate with it', async () => {
    const alone = await runCli(['emulator', '--route-limit', '3']);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('--route-limit, --route-window and --org-limit apply to --throttle live');
    const both = await runCli(['emulator', '--throttle', 'live', '--rate-limit-rps', '5']);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--rate-limit-rps is the token bucket');
    const window = await runCli(['emulator', '--throttle', 'live', '--route-window', '0']);
    expect(window.code).not.toBe(0);
    expect(window.stderr).toContain('expected seconds above 0');
  });

  it('--unset-settings default answers a setting never set with its default; an unknown mode is refused', async () => {
    const seed = tempFile('seed.json', JSON.stringify({ users: [{ email: 'solo@x.test', role: 'owner' }], projects: [{ id: 'proj_only', name: 'Only' }] }));
    const cli = startCli(['emulator', '--seed', seed, '--admin-key', 'sk-admin-test-key', '--unset-settings', 'default']);
    const url = (await cli.waitForLine(/^listening on /)).slice('listening on '.length);
    const get = (path: string): Promise<Response> => fetch(`${url}/v1${path}`, { headers: { authorization: 'Bearer sk-admin-test-key' } });
    expect(await (await get('/organization/projects/proj_only/model_permissions')).json()).toEqual({ object: 'project.model_permissions', mode: 'deny_list', model_ids: [] });
    expect((await get('/organization/projects/proj_only/spend_limit')).status).toBe(404);
    expect((await cli.stop()).code).toBe(0);
    const bad = await runCli(['emulator', '--unset-settings', 'sometimes']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("expected '404'");
  });

  it('refuses an invalid seed with the problem and exit code 1', async () => {
    const seed = tempFile('bad.json', JSON.stringify({ users: [{ email: 'a@x.test', role: 'admin' }] }));
    const result = await runCli(['emulator', '--seed', seed]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('/users/0/role: must be equal to one of the allowed values');
  });
});
