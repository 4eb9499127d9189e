// What a person sees at a terminal: the real CLI in a pseudo-terminal (util-linux `script`),
// against the emulator. Assertions are on the replayed screen, not on raw bytes, wherever
// the question is "what does the person read".
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ENTRY, NODE_BIN, runCli } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { HAS_SCRIPT, runInPty, screenLines } from '../support/pty.js';

let emu: TestEmulator;
let secrets: string;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(async () => {
  await emu.reset();
  secrets = await mkdtemp(join(tmpdir(), 'orgplane-pty-secrets-'));
});
afterEach(async () => {
  await rm(secrets, { recursive: true, force: true });
});

const ESC = '\u001b';
const PROMPT = /^Apply these (\d+) changes\? Only 'yes' is accepted: yes$/;
const PROGRESS = /^reading (organization|users|projects)/;

describe.skipIf(!HAS_SCRIPT)('at a terminal', () => {
  it('apply: progress, the plan, the prompt, then each change once and the verdict', async () => {
    const { code, raw } = await runInPty(['apply', '--config', 'policies', '--secrets-dir', secrets], { env: emu.env(), input: 'yes\n' });
    const screen = screenLines(raw);
    expect(code, raw).toBe(0);
    // Progress was drawn in place, then cleared: no line keeps it, no log line ran into it.
    expect(raw).toContain('\r\u001b[2Kreading projects');
    expect(screen.filter((l) => PROGRESS.test(l.trimStart()))).toEqual([]);
    expect(screen.filter((l) => l.includes('{"level"'))).toEqual([]);
    // Colours through util.styleText on a terminal.
    expect(raw).toContain('\u001b[32m+ create\u001b[39m');

    const prompt = screen.findIndex((l) => PROMPT.test(l));
    expect(prompt, screen.join('\n')).toBeGreaterThan(0);
    // Nothing buries the question: the plan's last line comes right before it.
    expect(screen.slice(0, prompt).filter((l) => l.trim() !== '').at(-1)).toMatch(/^Read \d+ objects in \d+ requests\.$/);
    const planned = screen
      .slice(0, prompt)
      .flatMap((l) => /^ {2}[+~\-!] [a-z]+ (.+?)(?: {2}\(destructive\))?$/.exec(l)?.[1] ?? []);
    expect(planned).toHaveLength(Number(PROMPT.exec(screen[prompt]!)![1]));
    const after = screen.slice(prompt + 1);
    for (const address of new Set(planned)) {
      // An address can be planned twice (delete then re-invite); each planned change is reported once.
      const times = planned.filter((a) => a === address).length;
      expect(after.filter((l) => l.includes(` ${address} (`)), address).toHaveLength(times);
    }
    expect(after.filter((l) => l.trim() !== '').at(-1)).toMatch(/^Apply complete: \d+ applied, 0 failed, 0 skipped\. Converged\.$/);
  });

  it('logs during a read appear as whole lines above the progress line, which is redrawn', async () => {
    await emu.faults({ rateLimitRps: 10 });
    // A 429 is a debug line (the client waits and goes on): asked for here, to have log lines mid-read.
    const { code, raw } = await runInPty(['plan', '--config', 'policies', '--no-color'], { env: { ...emu.env(), ORGPLANE_LOG_LEVEL: 'debug' } });
    const screen = screenLines(raw);
    expect(code, raw).toBe(0);
    const limited = screen.filter((l) => l.includes('admin api rate limited'));
    expect(limited.length, raw).toBeGreaterThan(0);
    for (const line of limited) expect(line).toMatch(/^DEBUG: admin api rate limited \{.*"route":/);
    expect(screen.filter((l) => PROGRESS.test(l.trimStart()))).toEqual([]);
    // The status line is redrawn after a log line: progress continued below it.
    expect(raw).toMatch(new RegExp(`admin api rate limited[^\\n]*\\n\\r${ESC}\\[2K(reading |projects )`));
    // --no-color: no colour codes at all.
    expect(raw).not.toMatch(new RegExp(`${ESC}\\[[0-9;]*m`));
  });

  it('an error is printed once, with the host and base URL, without a stack or JSON', async () => {
    const baseUrl = 'http://127.0.0.1:9/v1';
    const { code, raw } = await runInPty(['plan', '--config', 'policies'], { env: { ...emu.env(), OPENAI_BASE_URL: baseUrl } });
    const screen = screenLines(raw).filter((l) => l.trim() !== '');
    expect(code).toBe(1);
    expect(screen).toHaveLength(1);
    expect(screen[0]).toMatch(/^error: could not read .*failed without an answer \(ECONNREFUSED\): could not reach 127\.0\.0\.1:9 \(base URL http:\/\/127\.0\.0\.1:9\/v1\)/);
  });
});

describe('off a terminal', () => {
  it('logs JSON and prints the error once for the person, without a stack', async () => {
    const result = await runCli(['plan', '--config', 'policies'], { env: { ...emu.env(), OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    const records = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toEqual([expect.objectContaining({ level: 50, msg: 'plan failed', reason: expect.stringContaining('could not reach 127.0.0.1:9') })]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(lines.filter((l) => l.startsWith('error: '))).toHaveLength(1);
  });

  it('apply PLAN_FILE executes the reviewed plan without asking, and refuses it once the org moved', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orgplane-saved-'));
    const planFile = join(dir, 'plan.json');
    expect((await runCli(['plan', '--config', 'policies', '--out', planFile], { env: emu.env() })).code).toBe(0);
    await emu.actAs('ada@acme.test', 'POST', '/organization/projects', { name: 'Made by hand' });
    const stale = await runCli(['apply', planFile, '--config', 'policies', '--secrets-dir', secrets], { env: emu.env() });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/the live organization changed since .*plan\.json was made/);

    expect((await runCli(['plan', '--config', 'policies', '--out', planFile], { env: emu.env() })).code).toBe(0);
    const applied = await runCli(['apply', planFile, '--config', 'policies', '--secrets-dir', secrets], { env: emu.env() });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).not.toMatch(/confirmation|terminal to ask on/);
    expect(applied.stdout).toMatch(/Apply complete: \d+ applied, 0 failed, 0 skipped\. Converged\./);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('the entry point on an old Node', () => {
  it('says which Node it needs instead of failing oddly', () => {
    const fake = 'data:text/javascript,Object.defineProperty(process, "versions", { value: { ...process.versions, node: "20.11.1" } })';
    const run = spawnSync(NODE_BIN, ['--import', fake, CLI_ENTRY, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^orgplane needs Node\.js 22 or newer; this is Node\.js 20\.11\.1 /);
  });
});
