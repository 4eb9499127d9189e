import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan, deliverSecret, fallbackDirFor, FileSecretsSink, formatApplyResult, SecretsSinkError, SINK_RETRY_DELAYS_MS } from '../../src/apply/index.js';
import type { SecretsSink, ServiceAccountSecret } from '../../src/apply/index.js';
import { REDACT_PATHS } from '../../src/logging/logger.js';
import { change, liveOf, noSleep, planOf, policyWith } from './support/builders.js';
import { FakeAdminApi } from './support/fake-api.js';

const secret = (overrides: Partial<{ project: string; name: string; id: string; key: string }> = {}) => ({
  project: 'search',
  projectId: 'proj_1',
  name: 'indexer',
  id: 'svc_acct_1',
  key: 'sk-svcacct-test-AAAAAAAAAAAAAAAAAAAA',
  createdAt: 1_700_000_000,
  ...overrides,
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orgplane-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileSecretsSink', () => {
  it('writes <project>--<name>.json with mode 0600 in a 0700 folder it creates', async () => {
    const secrets = join(dir, 'nested', 'secrets');
    const receipt = await new FileSecretsSink(secrets).write(secret());
    expect(receipt).toEqual({ location: join(secrets, 'search--indexer.json') });
    expect((await stat(receipt.location)).mode & 0o777).toBe(0o600);
    expect((await stat(secrets)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(receipt.location, 'utf8'))).toEqual({
      project: 'search',
      projectId: 'proj_1',
      name: 'indexer',
      id: 'svc_acct_1',
      key: 'sk-svcacct-test-AAAAAAAAAAAAAAAAAAAA',
      createdAt: 1_700_000_000,
    });
    // No temporary file is left behind.
    // A folder it creates ignores itself: keys run into a repository are never committed.
    expect((await readdir(secrets)).sort()).toEqual(['.gitignore', 'search--indexer.json']);
    expect(await readFile(join(secrets, '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('never overwrites: an existing file stays, the new key goes to …-<id>.json with a warning', async () => {
    await writeFile(join(dir, 'search--indexer.json'), 'the old key file');
    const receipt = await new FileSecretsSink(dir).write(secret({ id: 'svc_acct_2', key: 'sk-svcacct-new-BBBBBBBBBBBBBBBBBBBB' }));
    expect(receipt.location).toBe(join(dir, 'search--indexer-svc_acct_2.json'));
    expect(receipt.warning).toMatch(/search--indexer.json already exists and was left as it was; the new key is in .*search--indexer-svc_acct_2.json/);
    expect(receipt.warning).not.toContain('sk-');
    expect(await readFile(join(dir, 'search--indexer.json'), 'utf8')).toBe('the old key file');
    expect(JSON.parse(await readFile(receipt.location, 'utf8')).key).toBe('sk-svcacct-new-BBBBBBBBBBBBBBBBBBBB');
    expect((await readdir(dir)).sort()).toEqual(['search--indexer-svc_acct_2.json', 'search--indexer.json']);
  });

  it('never writes through a symlink planted at the target path (the key lands in a new file)', async () => {
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'untouched', { mode: 0o644 });
    const secrets = join(dir, 'secrets');
    await mkdir(secrets, { mode: 0o700 });
    await symlink(victim, join(secrets, 'search--indexer.json'));
    await symlink(join(dir, 'absent'), join(secrets, 'search--indexer-svc_acct_1.json'));
    const receipt = await new FileSecretsSink(secrets).write(secret());
    expect(receipt.location).toBe(join(secrets, 'search--indexer-svc_acct_1-1.json'));
    expect((await lstat(receipt.location)).isSymbolicLink()).toBe(false);
    expect((await stat(receipt.location)).mode & 0o777).toBe(0o600);
    expect(await readFile(victim, 'utf8')).toBe('untouched');
    expect((await readdir(dir)).sort()).toEqual(['secrets', 'victim.txt']);
  });

  it('prepare() warns when the folder it is given lets other users in', async () => {
    const { chmod } = await import('node:fs/promises');
    await chmod(dir, 0o755);
    const sink = new FileSecretsSink(dir);
    expect(await sink.prepare()).toEqual([`${dir} is readable by other users (chmod 700 it)`]);
    const receipt = await sink.write(secret());
    expect(receipt.warning).toBeUndefined();
    expect((await stat(receipt.location)).mode & 0o777).toBe(0o600);
  });

  it('prepare() points at a temp file left by an interrupted apply, and leaves its test write behind nowhere', async () => {
    const leftover = join(dir, '.search--old.0123456789ab.tmp');
    await writeFile(leftover, '{"key":"…"}', { mode: 0o600 });
    const sink = new FileSecretsSink(dir);
    expect(await sink.prepare()).toEqual([
      `${leftover} left by an interrupted apply may hold a key: keep it if its account has no other key, then delete it`,
    ]);
    expect(await readdir(dir)).toEqual(['.search--old.0123456789ab.tmp']);
  });

  it('prepare() creates the folder and its .gitignore before any key arrives, once for all callers', async () => {
    const secrets = join(dir, 'a', 'b', 'secrets');
    const sink = new FileSecretsSink(secrets);
    const answers = await Promise.all(Array.from({ length: 8 }, () => sink.prepare()));
    expect(answers).toEqual(Array.from({ length: 8 }, () => []));
    expect(await readdir(secrets)).toEqual(['.gitignore']);
    expect((await stat(secrets)).mode & 0o777).toBe(0o700);
  });

  it('prepare() refuses, naming the sink, when the folder cannot be written', async () => {
    await writeFile(join(dir, 'not-a-dir'), '');
    const sink = new FileSecretsSink(join(dir, 'not-a-dir', 'secrets'));
    await expect(sink.prepare()).rejects.toThrow(SecretsSinkError);
    await expect(sink.prepare()).rejects.toThrow(/^the secrets sink file:.*not-a-dir\/secrets cannot take keys: ENOTDIR/);
  });

  it('takes many concurrent first writes into a folder whose parents do not exist yet (no EEXIST on .gitignore)', async () => {
    // mkdir -p reports "created" to more than one of several concurrent callers when a
    // parent is missing too; each of them used to write .gitignore exclusively, and all
    // but one failed with EEXIST, losing their key. 40 rounds make the race near-certain.
    for (let round = 0; round < 40; round += 1) {
      const secrets = join(dir, `round-${round}`, 'a', 'secrets');
      const sink = new FileSecretsSink(secrets);
      const writes = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => sink.write(secret({ name: `account-${i}`, id: `svc_acct_${i}`, key: `sk-svcacct-round${round}-key${i}-AAAAAAAA` }))),
      );
      expect(writes.filter((w) => w.status === 'rejected').map((w) => String((w).reason))).toEqual([]);
      const names = (await readdir(secrets)).sort();
      expect(names).toEqual(['.gitignore', ...Array.from({ length: 8 }, (_, i) => `search--account-${i}.json`)].sort());
      expect(await readFile(join(secrets, '.gitignore'), 'utf8')).toBe('*\n');
    }
  });

  it('keeps file names inside the folder whatever the names hold', async () => {
    const receipt = await new FileSecretsSink(dir).write(secret({ project: '../../etc', name: 'a/b c' }));
    expect(receipt.location).toBe(join(dir, '__.._etc--a_b_c.json'));
  });
});

describe('service-account keys through applyPlan', () => {
  it('hands the key to the sink and keeps it out of the result, the summary and every log line', async () => {
    const fake = new FakeAdminApi();
    const projectId = fake.addProject('search');
    const lines: string[] = [];
    const logger = pino(
      { level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const plan = planOf([
      change('project.service_account', 'create', 'project["search"].service_account["indexer"]', {
        target: { project: 'search', serviceAccount: 'indexer' },
      }),
    ]);
    const result = await applyPlan(plan, fake.api(), { live: liveOf(), policy: policyWith(), logger, sleep: noSleep, secrets: new FileSecretsSink(dir) });

    const [key] = fake.issuedKeys;
    expect(key).toMatch(/^sk-svcacct-/);
    const file = join(dir, 'search--indexer.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ project: 'search', projectId, name: 'indexer', key });
    expect(result.applied[0]!.secret).toEqual({ location: file });
    const summary = formatApplyResult(result);
    expect(summary).toContain(`project["search"].service_account["indexer"]: ${file}`);
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [JSON.stringify(result), summary, ...lines]) expect(text).not.toContain(key);
  });

  it('refuses before the first request when the sink cannot take keys', async () => {
    const fake = new FakeAdminApi();
    fake.addProject('search');
    await writeFile(join(dir, 'not-a-dir'), '');
    const plan = planOf([
      change('project.group', 'assign', 'project["search"].group["g"]', { target: { project: 'search', group: 'g' } }),
      change('project.service_account', 'create', 'project["search"].service_account["indexer"]', { target: { project: 'search', serviceAccount: 'indexer' } }),
    ]);
    const run = applyPlan(plan, fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: new FileSecretsSink(join(dir, 'not-a-dir', 'secrets')) });
    await expect(run).rejects.toThrow(SecretsSinkError);
    expect(fake.calls).toEqual([]);
  });

  it('does not ask a plan without service-account creates to prove a sink', async () => {
    const fake = new FakeAdminApi();
    const broken: SecretsSink = { prepare: () => Promise.reject(new Error('never asked')), write: () => Promise.reject(new Error('never asked')) };
    const plan = planOf([change('org.group', 'create', 'org.group["g"]', { target: { group: 'g' } })]);
    const result = await applyPlan(plan, fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: broken });
    expect(result.applied.map((o) => o.address)).toEqual(['org.group["g"]']);
  });
});

/** A sink whose first `failures` writes fail, with the key in the error (as a careless command would). */
function flakySink(failures: number, fallbackDir: string): SecretsSink & { writes: number; delivered: string[] } {
  const sink = {
    description: 'exec:store-key',
    fallbackDir,
    writes: 0,
    delivered: [] as string[],
    prepare: () => Promise.resolve([]),
    write: (s: ServiceAccountSecret) => {
      sink.writes += 1;
      if (sink.writes <= failures) return Promise.reject(new Error(`store-key: rejected ${s.key}`));
      sink.delivered.push(s.key);
      return Promise.resolve({ location: 'exec:store-key as OPENAI_SA_SEARCH_INDEXER' });
    },
  };
  return sink;
}

describe('fallbackDirFor', () => {
  it('is a folder beside the sink folder, named after it', () => {
    expect(fallbackDirFor('.orgplane/secrets')).toBe(join('.orgplane', 'secrets.fallback'));
    expect(fallbackDirFor('/var/keys/')).toBe('/var/keys.fallback');
    expect(fallbackDirFor('.')).toBe(`${process.cwd()}.fallback`);
  });
});

describe('deliverSecret: a key is never dropped', () => {
  const sleeps: number[] = [];
  const sleep = (ms: number) => {
    sleeps.push(ms);
    return Promise.resolve();
  };
  beforeEach(() => {
    sleeps.length = 0;
  });

  it('retries a failed write after 1, 2 and 4 s', async () => {
    const sink = flakySink(3, join(dir, 'fallback'));
    const receipt = await deliverSecret(sink, secret(), { sleep });
    expect(receipt).toEqual({ location: 'exec:store-key as OPENAI_SA_SEARCH_INDEXER' });
    expect(sink.writes).toBe(4);
    expect(sleeps).toEqual([...SINK_RETRY_DELAYS_MS]);
    expect(SINK_RETRY_DELAYS_MS).toEqual([1000, 2000, 4000]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps the key in a 0600 file in the fallback folder when every attempt fails, and says where', async () => {
    const fallback = join(dir, 'secrets.fallback');
    const sink = flakySink(99, fallback);
    const receipt = await deliverSecret(sink, secret(), { sleep });
    expect(sink.writes).toBe(4);
    const file = join(fallback, 'search--indexer.json');
    expect(receipt.location).toBe(file);
    expect(receipt.undelivered).toBe('store-key: rejected sk-[redacted]');
    expect(receipt.warning).toBe(
      `the key of service account "indexer" in project "search" could not be delivered to exec:store-key (4 attempts; last: store-key: rejected sk-[redacted]); it is kept in ${file} (mode 0600): deliver it yourself, then delete the file`,
    );
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(secret());
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readdir(fallback)).sort()).toEqual(['.gitignore', 'search--indexer.json']);
  });

  it('fails, without the key, only when the fallback cannot be written either', async () => {
    await writeFile(join(dir, 'not-a-dir'), '');
    const sink = flakySink(99, join(dir, 'not-a-dir', 'fallback'));
    const message = await deliverSecret(sink, secret(), { sleep }).then(
      () => 'delivered',
      (e: unknown) => String(e instanceof Error ? e.message : e),
    );
    expect(message).toMatch(
      /^service account "indexer" \(svc_acct_1\) was created but its key could not be delivered to exec:store-key \(store-key: rejected sk-\[redacted\]\) nor kept in .*not-a-dir\/fallback \(ENOTDIR.*\); delete the service account and apply again to get a new key$/,
    );
    expect(message).not.toContain(secret().key);
  });

  it('through applyPlan: the account is created once, the key kept, the outcome says so, no key in the result', async () => {
    const fake = new FakeAdminApi();
    fake.addProject('search');
    const fallback = join(dir, 'secrets.fallback');
    const sink = flakySink(99, fallback);
    const plan = planOf([
      change('project.service_account', 'create', 'project["search"].service_account["indexer"]', { target: { project: 'search', serviceAccount: 'indexer' } }),
    ]);
    const result = await applyPlan(plan, fake.api(), { live: liveOf(), policy: policyWith(), sleep, secrets: sink });
    expect(fake.callsOf('createProjectServiceAccount')).toHaveLength(1);
    const [outcome] = result.applied;
    expect(outcome!.note).toBe(`key NOT delivered, kept in ${join(fallback, 'search--indexer.json')}`);
    expect(outcome!.secret!.undelivered).toBeDefined();
    expect(result.warnings.filter((w) => w.includes('could not be delivered'))).toHaveLength(1);
    expect(JSON.parse(await readFile(join(fallback, 'search--indexer.json'), 'utf8')).key).toBe(fake.issuedKeys[0]);
    expect(JSON.stringify(result)).not.toContain(fake.issuedKeys[0]);
    expect(formatApplyResult(result)).not.toContain(fake.issuedKeys[0]);
  });
});
