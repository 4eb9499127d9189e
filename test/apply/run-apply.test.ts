// The apply sequence with an injected terminal, against the in-process emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminClient } from '../../src/api/index.js';
import { runApply, type RunApplyOptions, type SecretsSink } from '../../src/apply/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { memorySink, noSleep } from './support/builders.js';
import { REPO_ROOT } from '../support/cli.js';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlanPipeline, serializePlan } from '../../src/plan/index.js';

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

function options(extra: Partial<RunApplyOptions>): RunApplyOptions & { printed: string[]; told: string[]; asked: string[] } {
  const printed: string[] = [];
  const told: string[] = [];
  const asked: string[] = [];
  return {
    configDir: join(REPO_ROOT, 'policies'),
    api: createAdminClient({ baseUrl: emulator.baseUrl, adminKey: emulator.adminKey }),
    autoApprove: false,
    secrets: memorySink().sink,
    renderPlan: (plan) => `PLAN ${plan.changes.length}`,
    print: (text) => printed.push(text),
    tell: (text) => told.push(text),
    sleep: noSleep,
    convergenceDelaysMs: [],
    printed,
    told,
    asked,
    ...extra,
  };
}

describe('runApply confirmation', () => {
  it("asks on a terminal and applies on 'yes'", async () => {
    await emulator.reset();
    const run = options({});
    run.ask = (question) => {
      run.asked.push(question);
      return Promise.resolve('yes');
    };
    const { outcome, result } = await runApply(run);
    expect(run.asked).toEqual([expect.stringMatching(/^Apply these \d+ changes\? Only 'yes' is accepted: $/)]);
    expect(outcome).toBe('converged');
    expect(result!.failed).toEqual([]);
    expect(run.printed.at(-1)).toMatch(/Apply complete: \d+ applied, 0 failed, 0 skipped\. Converged\./);
  });

  it.each(['y', 'YES', 'no', ''])("changes nothing on '%s'", async (answer) => {
    await emulator.reset();
    const before = JSON.stringify((await emulator.dump()).projects);
    await emulator.resetRequests();
    const run = options({ ask: () => Promise.resolve(answer) });
    const { outcome } = await runApply(run);
    expect(outcome).toBe('declined');
    expect(run.told).toContain('Apply cancelled: nothing was changed.');
    expect(JSON.stringify((await emulator.dump()).projects)).toBe(before);
    const routes = Object.keys((await emulator.requests()).byRoute);
    expect(routes.filter((r) => !r.startsWith('GET '))).toEqual([]);
  });

  it('refuses without a terminal unless --auto-approve', async () => {
    await emulator.reset();
    const run = options({});
    expect((await runApply(run)).outcome).toBe('no-terminal');
    expect(run.told.join('\n')).toMatch(/no terminal to ask on/);
  });
});

describe('runApply with a saved plan', () => {
  it('applies the reviewed plan without asking, even with no terminal to ask on', async () => {
    await emulator.reset();
    const dir = await mkdtemp(join(tmpdir(), 'orgplane-saved-'));
    const planFile = join(dir, 'plan.json');
    const api = createAdminClient({ baseUrl: emulator.baseUrl, adminKey: emulator.adminKey });
    const { plan } = await runPlanPipeline({ configDir: join(REPO_ROOT, 'policies'), api });
    await writeFile(planFile, serializePlan(plan));
    const run = options({ planFile });
    const { outcome } = await runApply(run);
    expect(run.asked).toEqual([]);
    expect(outcome).toBe('converged');
    await rm(dir, { recursive: true, force: true });
  });

  it('asks about one change in the singular', async () => {
    await emulator.reset();
    expect((await runApply(options({ autoApprove: true }))).outcome).toBe('converged');
    // The same manifests plus one new person: one invite.
    const dir = await mkdtemp(join(tmpdir(), 'orgplane-one-'));
    await cp(join(REPO_ROOT, 'policies'), dir, { recursive: true });
    const org = await readFile(join(dir, 'org.yaml'), 'utf8');
    await writeFile(join(dir, 'org.yaml'), org.replace('  members:\n', '  members:\n    - email: newcomer@acme.test\n      role: reader\n'));
    const run = options({ configDir: dir });
    run.ask = (question) => {
      run.asked.push(question);
      return Promise.resolve('no');
    };
    await runApply(run);
    expect(run.asked).toEqual(["Apply this change? Only 'yes' is accepted: "]);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('runApply and the admin key owner', () => {
  it('finds the owner among several admin keys when given the key (self-lockout guard runs), and only then', async () => {
    await emulator.reset();
    const second = await emulator.api('POST', '/organization/admin_api_keys', { name: 'another key' });
    expect(second.status).toBe(200);
    const lockoutSkipped = /the owner of the admin key in use is unknown/;

    const without = options({ ask: () => Promise.resolve('no') });
    expect((await runApply(without)).outcome).toBe('declined');
    expect(without.told.join('\n')).toMatch(lockoutSkipped);

    const withKey = options({ adminKey: emulator.adminKey, ask: () => Promise.resolve('no') });
    expect((await runApply(withKey)).outcome).toBe('declined');
    expect(withKey.told.join('\n')).not.toMatch(lockoutSkipped);
    expect([...withKey.told, ...withKey.printed].join('\n')).not.toContain(emulator.adminKey);
  });
});

describe('runApply and the secrets sink', () => {
  it('refuses before asking, with nothing changed, when the sink cannot take keys', async () => {
    await emulator.reset();
    await emulator.resetRequests();
    const broken: SecretsSink = {
      description: 'exec:store-key',
      prepare: () => Promise.reject(new Error('"store-key" was not found')),
      write: () => Promise.reject(new Error('never called')),
    };
    const run = options({ secrets: broken });
    run.ask = (question) => {
      run.asked.push(question);
      return Promise.resolve('yes');
    };
    expect((await runApply(run)).outcome).toBe('sink-unusable');
    expect(run.asked).toEqual([]);
    expect(run.told).toEqual([
      'error: the secrets sink exec:store-key cannot take keys: "store-key" was not found; nothing was changed. Fix it, or choose another sink with --secrets-sink, and apply again.',
    ]);
    const routes = Object.keys((await emulator.requests()).byRoute);
    expect(routes.filter((r) => !r.startsWith('GET '))).toEqual([]);
  });

  it('converges but fails the run, naming the fallback files, when keys could not be delivered', async () => {
    await emulator.reset();
    const dir = await mkdtemp(join(tmpdir(), 'orgplane-run-apply-'));
    try {
      const refusing: SecretsSink = {
        description: 'exec:store-key',
        fallbackDir: join(dir, 'secrets.fallback'),
        prepare: () => Promise.resolve([]),
        write: () => Promise.reject(new Error('store-key failed (exit code 1)')),
      };
      const run = options({ secrets: refusing, autoApprove: true });
      const { outcome, convergence } = await runApply(run);
      expect(convergence?.converged).toBe(true);
      expect(outcome).toBe('failed');
      const kept = (await readdir(join(dir, 'secrets.fallback'))).filter((f) => f !== '.gitignore').sort();
      expect(kept).toEqual(['Research--eval-runner.json', 'Search--indexer.json', 'Support_Assistant--support-bot.json']);
      const error = run.told.find((t) => t.startsWith('error: '));
      expect(error).toMatch(/^error: 3 service-account keys could not be delivered to exec:store-key and are kept in .*secrets\.fallback\/.*\.json, .*, .* \(mode 0600\): deliver them yourself, then delete the files$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
