// The published package works outside a clone: `npm pack`, install the tarball into an
// empty folder without dev dependencies, run the installed `orgplane` bin (its shebang,
// its exec bit, its dependencies) against the emulator. Node 24 always; Node 22 when CI
// provides one in ORGPLANE_TEST_NODE22 (.ci/run fetches it with `npx node@22`).
import { execFile } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_BIN, REPO_ROOT } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { npm, packRepository, pathWithNode, writeConsumerProject, type PackedTarball } from '../support/install.js';

const run = promisify(execFile);
const NODE22 = process.env.ORGPLANE_TEST_NODE22;

describe('the packed package, installed into an empty folder', () => {
  let tmp: string;
  let app: string;
  let bin: string;
  let tarball: PackedTarball;
  let emu: TestEmulator;
  let config: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'orgplane-install-'));
    app = path.join(tmp, 'app');
    mkdirSync(app);
    tarball = await packRepository(tmp);
    writeConsumerProject(app, tarball);
    await npm(['ci', '--omit=dev'], app);
    bin = path.join(app, 'node_modules', '.bin', 'orgplane');
    config = path.join(tmp, 'policies');
    cpSync(path.join(REPO_ROOT, 'policies'), config, { recursive: true });
    emu = await startTestEmulator();
  }, 240_000);

  afterAll(async () => {
    await emu?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const orgplane = (nodeBin: string, args: string[]) =>
    run(bin, args, {
      cwd: tmp,
      // Only what a user's shell would have: no OPENAI_* from the machine, Node from PATH.
      env: { PATH: pathWithNode(nodeBin), HOME: tmp, NO_COLOR: '1', ...emu.env() },
      timeout: 60_000,
    });

  it('ships the build, the schemas and the docs, not the sources or tests', () => {
    expect(tarball.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/cli.js', 'schemas/orgplane.schema.json', 'schemas/plan.schema.json']));
    expect(tarball.files.filter((file) => /^(src|test|scripts|examples|\.ci)\//.test(file))).toEqual([]);
  });

  it('installs a runnable bin without any dev dependency', () => {
    const entry = path.join(app, 'node_modules', 'orgplane', 'dist', 'cli.js');
    expect(readFileSync(entry, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    accessSync(bin, constants.X_OK);
    expect(existsSync(path.join(app, 'node_modules', 'got'))).toBe(true);
    for (const dev of ['typescript', 'vitest', 'nock', 'node']) expect(existsSync(path.join(app, 'node_modules', dev))).toBe(false);
  });

  const nodes: [string, string | undefined][] = [
    ['24', NODE_BIN],
    ['22', NODE22],
  ];
  describe.each(nodes)('on Node %s', (major, nodeBin) => {
    // Node 22 needs a binary the suite does not download itself (tests reach only loopback).
    it.runIf(nodeBin !== undefined)(`runs on Node ${major}`, async () => {
      const { stdout } = await run(nodeBin!, ['--version']);
      expect(stdout.trim()).toMatch(new RegExp(`^v${major}\\.`));
    });

    it.runIf(nodeBin !== undefined)('prints its help', async () => {
      const { stdout } = await orgplane(nodeBin!, ['--help']);
      expect(stdout).toMatch(/Usage: orgplane/);
      for (const command of ['validate', 'plan', 'apply', 'import', 'drift', 'daemon', 'emulator']) expect(stdout).toContain(command);
    });

    it.runIf(nodeBin !== undefined)('plans the example policies against the emulator', async () => {
      const { stdout } = await orgplane(nodeBin!, ['plan', '--config', config, '--format', 'json']);
      const plan = JSON.parse(stdout) as { formatVersion: unknown; changes: unknown[] };
      expect(plan.formatVersion).toBeDefined();
      expect(Array.isArray(plan.changes)).toBe(true);
    });
  });
});
