// The command-line contract (DESIGN.md "Command line") checked from outside: the built CLI
// against the emulator, as a user would run it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const ORG = `apiVersion: orgplane/v1
kind: Organization
spec:
  members:
    - email: ada@example.com
      role: owner
`;

describe('orgplane command-line contract (e2e)', () => {
  let emu: TestEmulator;
  let dir: string;

  beforeAll(async () => {
    emu = await startTestEmulator({ seed: { users: [{ id: 'user-ada', email: 'ada@example.com', role: 'owner' }] } });
    dir = mkdtempSync(path.join(tmpdir(), 'orgplane-contract-'));
    writeFileSync(path.join(dir, 'org.yaml'), ORG);
  });
  afterAll(async () => {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['plan', 'drift'])('%s with a refused admin key names what to fix, exits 1 and never echoes the key', async (command) => {
    const wrongKey = 'sk-admin-WRONGKEYcanary0123456789';
    const result = await runCli([command, '--config', dir], { env: { OPENAI_ADMIN_KEY: wrongKey, OPENAI_BASE_URL: emu.baseUrl } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: .*401.*check OPENAI_ADMIN_KEY or --admin-key-file/);
    expect(result.stdout + result.stderr).not.toContain(wrongKey);
  });

  it.each(['validate', 'plan', 'apply', 'import', 'drift', 'daemon', 'emulator'])('%s rejects an unknown option with exit 1', async (command) => {
    const result = await runCli([command, '--no-such-option'], { env: { OPENAI_ADMIN_KEY: emu.adminKey, OPENAI_BASE_URL: emu.baseUrl } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unknown option '--no-such-option'");
  });

  it('plan --out into a missing folder says which folder, and exits 1', async () => {
    const out = path.join(dir, 'no-such-folder', 'plan.json');
    const result = await runCli(['plan', '--config', dir, '--out', out], { env: emu.env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write the plan to ${out} (folder ${path.dirname(out)} does not exist)`);
  });

  it('a missing config folder is reported without a stray location', async () => {
    const result = await runCli(['validate', '--config', path.join(dir, 'absent')]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/^error: config folder ".*absent" does not exist$/m);
  });
});
