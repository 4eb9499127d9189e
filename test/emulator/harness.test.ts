import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli.js';
import { useEmulator } from '../support/emulator.js';

describe('test harness', () => {
  const emu = useEmulator();

  it('lists every demo user through the cursor pages', async () => {
    const users = await emu.current.listAll<{ email: string }>('/organization/users?limit=2');
    expect(users.map((u) => u.email)).toContain('ada@acme.test');
    expect(users).toHaveLength(6);
  });

  it('resets state between tests', async () => {
    const created = await emu.current.api<{ id: string }>('POST', '/organization/projects', { name: 'temp' });
    expect(created.status).toBe(200);
    await emu.current.reset();
    const projects = await emu.current.listAll<{ name: string }>('/organization/projects');
    expect(projects.map((p) => p.name)).not.toContain('temp');
  });

  it('runs the built CLI as a child process', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('0.1.0');
  });

  it('starts the emulator command and stops it with SIGTERM', async () => {
    const cli = startCli(['emulator', '--port', '0']);
    const line = await cli.waitForLine(/^listening on /);
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice('listening on '.length);
    const key = (await cli.waitForLine(/^admin key: /)).slice('admin key: '.length);
    const res = await fetch(`${url}/v1/organization/projects`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    const result = await cli.stop();
    expect(result.code).toBe(0);
  });
});

describe('reset', () => {
  const emu = useEmulator();

  it('keeps the ids of the initial state', async () => {
    const before = await emu.current.listAll<{ id: string }>('/organization/projects?include_archived=true');
    await emu.current.api('POST', '/organization/projects', { name: 'temp' });
    await emu.current.reset();
    const after = await emu.current.listAll<{ id: string }>('/organization/projects?include_archived=true');
    expect(after.map((p) => p.id)).toEqual(before.map((p) => p.id));
  });
});
