// The Dockerfile's runtime stage, run without a Docker engine: read the Dockerfile, copy
// what it copies into a temporary /app, run its production install (offline, from the npm
// cache), start its ENTRYPOINT + CMD with its ENV (paths under / mapped to temp folders,
// the listen address to a free loopback port) against the emulator, and run its
// HEALTHCHECK command. What cannot run here: apt-get, tini, USER, the read-only root.
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_BIN, REPO_ROOT } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { npm, pathWithNode } from '../support/install.js';

const run = promisify(execFile);

interface RuntimeStage {
  env: Record<string, string>;
  run: string[];
  copy: string[][];
  entrypoint: string[];
  cmd: string[];
  healthcheck: string[];
}

/** The `AS runtime` stage of the Dockerfile: its ENV, RUN, COPY, ENTRYPOINT, CMD and HEALTHCHECK. */
function readRuntimeStage(dockerfile: string): RuntimeStage {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const start = instructions.findIndex((line) => /^FROM .* AS runtime$/i.test(line));
  if (start < 0) throw new Error('the Dockerfile has no `AS runtime` stage');
  const stage: RuntimeStage = { env: {}, run: [], copy: [], entrypoint: [], cmd: [], healthcheck: [] };
  for (const line of instructions.slice(start + 1)) {
    const [keyword = '', rest = ''] = line.split(/\s+(.*)/s);
    switch (keyword.toUpperCase()) {
      case 'ENV':
        for (const [, name, value] of rest.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/gi)) stage.env[name!] = value!;
        break;
      case 'RUN':
        stage.run.push(rest);
        break;
      case 'COPY':
        stage.copy.push(rest.split(/\s+/));
        break;
      case 'ENTRYPOINT':
        stage.entrypoint = JSON.parse(rest) as string[];
        break;
      case 'CMD':
        stage.cmd = JSON.parse(rest) as string[];
        break;
      case 'HEALTHCHECK':
        stage.healthcheck = JSON.parse(rest.slice(rest.indexOf('CMD ') + 4)) as string[];
        break;
    }
  }
  return stage;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForStatus(url: string, status: number, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status === status) return response;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the container image steps (Dockerfile runtime stage, without Docker)', () => {
  const stage = readRuntimeStage(readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'));
  let root: string;
  let emu: TestEmulator;
  // Paths the image uses, mapped into a temporary root.
  const at = (imagePath: string): string => path.join(root, imagePath);

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'orgplane-image-'));
    mkdirSync(at('/app'), { recursive: true });
    for (const args of stage.copy) {
      const paths = args.filter((arg) => !arg.startsWith('--'));
      const target = path.resolve(at('/app'), paths.pop()!);
      for (const source of paths) {
        // `COPY --from=build /app/dist ./dist` is the build stage's output: `npm test` built it.
        const from = path.join(REPO_ROOT, source.replace(/^\/app\//, ''));
        cpSync(from, target.endsWith(path.sep) || paths.length > 1 ? path.join(target, path.basename(source)) : target, { recursive: true });
      }
    }
    const install = stage.run.find((command) => command.startsWith('npm ci'));
    if (install === undefined) throw new Error('the runtime stage installs nothing with npm ci');
    const npmArgs = install.split('&&')[0]!.trim().split(/\s+/).slice(1);
    await npm(npmArgs, at('/app'));
    mkdirSync(at('/var/lib/orgplane'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'policies'), at('/config'), { recursive: true });
    emu = await startTestEmulator();
  }, 240_000);

  afterAll(async () => {
    await emu?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('installs production dependencies only, as the image does', () => {
    expect(stage.run.some((command) => /npm ci .*--omit=dev/.test(command))).toBe(true);
    expect(existsSync(at('/app/node_modules/got'))).toBe(true);
    expect(existsSync(at('/app/node_modules/typescript'))).toBe(false);
    expect(existsSync(at('/app/node_modules/vitest'))).toBe(false);
  });

  it('sets the daemon up through environment variables, so a replaced command keeps them', () => {
    expect(stage.env).toMatchObject({ ORGPLANE_STATE_DIR: '/var/lib/orgplane', ORGPLANE_SOURCE: '/config', ORGPLANE_LISTEN: '0.0.0.0:9464' });
    expect(stage.cmd).toEqual(['daemon']);
  });

  it('starts the daemon from the installed tree: healthy, ready, state in the state folder, clean stop', async () => {
    const port = await freePort();
    // The image's ENV, with its absolute paths moved under the temporary root.
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(stage.env)) env[name] = value.startsWith('/') ? at(value) : value;
    env.ORGPLANE_LISTEN = `127.0.0.1:${port}`;
    const [tini, separator, node, entry] = stage.entrypoint;
    expect([tini, separator, node]).toEqual(['tini', '--', 'node']);
    const daemonEnv = { ...env, PATH: pathWithNode(), ...emu.env(), ORGPLANE_LOG_LEVEL: 'warn' };
    const daemon = spawn(NODE_BIN, [at(entry!), ...stage.cmd], { cwd: at('/app'), env: daemonEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    daemon.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => daemon.once('close', resolve));
    try {
      await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, 20_000);
      await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 30_000);

      const [probeNode, probeScript] = stage.healthcheck;
      expect(probeNode).toBe('node');
      const probe = await run(NODE_BIN, [at(probeScript!)], { env: { ...env, PATH: pathWithNode() } });
      expect(probe.stdout).toContain(`http://127.0.0.1:${port}/healthz answered 200`);

      // Everything the daemon keeps is under the state folder; nothing is written into /app.
      expect(readdirSync(at('/var/lib/orgplane')).length).toBeGreaterThan(0);
      expect(existsSync(at('/app/.orgplane'))).toBe(false);
    } finally {
      daemon.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/"level":(50|60)/);
    // With the daemon gone the HEALTHCHECK fails, so Docker would mark the container unhealthy.
    await expect(run(NODE_BIN, [at(stage.healthcheck[1]!)], { env: { ...env, PATH: pathWithNode() } })).rejects.toMatchObject({ code: 1 });
  }, 90_000);
});
