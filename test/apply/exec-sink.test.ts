import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyPlan,
  chooseSecretsSink,
  ExecSecretsSink,
  FileSecretsSink,
  prepareSecretsSink,
  secretName,
  SecretsSinkError,
  SecretsSinkSpecError,
} from '../../src/apply/index.js';
import { commandEnv, firstWord, scrubOutput, type SetTimer } from '../../src/apply/exec-sink.js';
import { change, liveOf, noSleep, planOf, policyWith } from './support/builders.js';
import { FakeAdminApi } from './support/fake-api.js';

const KEY = 'sk-svcacct-exec-test-CCCCCCCCCCCCCCCCCCCC';
const secret = { project: 'Support Assistant', projectId: 'proj_1', name: 'support-bot', id: 'svc_acct_1', key: KEY, createdAt: 1_700_000_000 };

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orgplane-exec-sink-'));
  env = { PATH: process.env.PATH, OUT: dir, OPENAI_ADMIN_KEY: 'sk-admin-parent-DDDDDDDDDDDD', ORGPLANE_GIT_TOKEN: 'git-token-1', GH_TOKEN: 'gh-token-1' };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('secretName', () => {
  it('is OPENAI_SA_<PROJECT>_<ACCOUNT>, upper-cased, each run of other characters one _', () => {
    expect(secretName('Support Assistant', 'support-bot')).toBe('OPENAI_SA_SUPPORT_ASSISTANT_SUPPORT_BOT');
    expect(secretName('ml/platform', 'eval runner 2')).toBe('OPENAI_SA_ML_PLATFORM_EVAL_RUNNER_2');
    expect(secretName('a--b', '__c')).toBe('OPENAI_SA_A_B_C');
  });
});

describe('firstWord', () => {
  it('finds the command the shell would run, or says it cannot without running the shell', () => {
    expect(firstWord('gh secret set "$ORGPLANE_SECRET_NAME"')).toBe('gh');
    expect(firstWord("  jq -r .key | gh secret set X")).toBe('jq');
    expect(firstWord('VAULT_ADDR=https://v:8200 FOO="a b" vault kv put secret/x value=-')).toBe('vault');
    expect(firstWord("'/opt/my tools/store' --stdin")).toBe('/opt/my tools/store');
    expect(firstWord('./bin/store-key;')).toBe('./bin/store-key');
    expect(firstWord('$HOME/bin/store')).toBeUndefined();
    expect(firstWord('~/bin/store')).toBeUndefined();
    expect(firstWord('( cat )')).toBeUndefined();
    expect(firstWord('')).toBeUndefined();
  });
});

describe('commandEnv', () => {
  it('is the parent environment without the admin key or orgplane settings, plus the names of the key', () => {
    const child = commandEnv({ ...env, ORGPLANE_SECRETS_SINK: 'exec:x', OPENAI_API_KEY: 'sk-proj-EEEEEEEE' }, secret);
    expect(child).toEqual({
      PATH: process.env.PATH,
      OUT: dir,
      GH_TOKEN: 'gh-token-1',
      ORGPLANE_PROJECT: 'Support Assistant',
      ORGPLANE_SERVICE_ACCOUNT: 'support-bot',
      ORGPLANE_SECRET_NAME: 'OPENAI_SA_SUPPORT_ASSISTANT_SUPPORT_BOT',
    });
  });
});

describe('scrubOutput', () => {
  it('removes the key, key-shaped strings and a key cut short at the end; keeps the tail on one line', () => {
    expect(scrubOutput(`error:\n {"key": "${KEY}"}\n`, KEY)).toBe('error: {"key": "[redacted]"}');
    expect(scrubOutput(`cut at ${KEY.slice(0, 9)}`, KEY)).toBe('cut at [redacted]');
    expect(scrubOutput('x'.repeat(1000), KEY)).toBe(`…${'x'.repeat(300)}`);
  });
});

describe('ExecSecretsSink', () => {
  it('runs the command once per key with the key JSON on stdin only; its environment holds no secret', async () => {
    const sink = new ExecSecretsSink('cat > "$OUT/$ORGPLANE_SECRET_NAME.json"; env > "$OUT/env.txt"; echo "$0 $*" > "$OUT/args.txt"', { env });
    expect(await sink.prepare()).toEqual([]);
    const receipt = await sink.write(secret);
    expect(receipt).toEqual({ location: 'exec:cat as OPENAI_SA_SUPPORT_ASSISTANT_SUPPORT_BOT' });
    const received = JSON.parse(await readFile(join(dir, 'OPENAI_SA_SUPPORT_ASSISTANT_SUPPORT_BOT.json'), 'utf8'));
    expect(received).toEqual({ project: 'Support Assistant', projectId: 'proj_1', name: 'support-bot', id: 'svc_acct_1', key: KEY, createdAt: 1_700_000_000 });
    expect(Object.keys(received)).toEqual(['project', 'projectId', 'name', 'id', 'key', 'createdAt']);
    const childEnv = await readFile(join(dir, 'env.txt'), 'utf8');
    expect(childEnv).toContain('ORGPLANE_PROJECT=Support Assistant\n');
    expect(childEnv).toContain('ORGPLANE_SERVICE_ACCOUNT=support-bot\n');
    expect(childEnv).toContain('GH_TOKEN=gh-token-1\n');
    for (const hidden of [KEY, 'OPENAI_ADMIN_KEY', 'sk-admin-parent', 'git-token-1']) expect(childEnv).not.toContain(hidden);
    expect(await readFile(join(dir, 'args.txt'), 'utf8')).not.toContain(KEY);
  });

  it('fails a write on a non-zero exit, quoting the output without the key', async () => {
    const sink = new ExecSecretsSink('echo "refused:" >&2; cat >&2; exit 3', { env });
    const message = await sink.write(secret).then(
      () => 'written',
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    expect(message).toMatch(/^exec:echo failed \(exit code 3\): refused: \{ "project": "Support Assistant", .*"key": "\[redacted\]"/);
    expect(message).not.toContain(KEY);
  });

  it('stops a command that outlives its timeout, with everything it started, and fails the write', async () => {
    let fire: (() => void) | undefined;
    const setTimer: SetTimer = (_ms, f) => {
      fire = f;
      return () => undefined;
    };
    const sink = new ExecSecretsSink('echo started > "$OUT/started"; sleep 30 & sleep 30; echo late > "$OUT/late"', { env, setTimer, timeoutMs: 5000 });
    const writing = sink.write(secret);
    for (let i = 0; i < 200 && !(await readdir(dir)).includes('started'); i += 1) await new Promise((r) => setImmediate(r));
    fire!();
    await expect(writing).rejects.toThrow(/^exec:echo did not finish within 5 s and was stopped/);
    expect(await readdir(dir)).not.toContain('late');
  });

  it('prepare() checks the shell and that the first word resolves, without running the command', async () => {
    const bin = join(dir, 'bin');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(bin);
    await writeFile(join(bin, 'store-key'), `#!/bin/sh\ntouch "${dir}/ran"\n`);
    await chmod(join(bin, 'store-key'), 0o755);
    const pathEnv = { ...env, PATH: `${bin}:${process.env.PATH ?? ''}` };
    expect(await new ExecSecretsSink('store-key --name "$ORGPLANE_SECRET_NAME"', { env: pathEnv }).prepare()).toEqual([]);
    expect(await new ExecSecretsSink(`${join(bin, 'store-key')}`, { env }).prepare()).toEqual([]);
    expect(await new ExecSecretsSink('read -r line', { env }).prepare()).toEqual([]);
    expect(await readdir(dir)).toEqual(['bin']);

    await expect(prepareSecretsSink(new ExecSecretsSink('store-key-missing --x', { env }))).rejects.toThrow(
      /^the secrets sink exec:store-key-missing cannot take keys: "store-key-missing" was not found/,
    );
    await expect(prepareSecretsSink(new ExecSecretsSink('cat', { env, shell: join(dir, 'no-shell') }))).rejects.toThrow(SecretsSinkError);
    const [warning] = await new ExecSecretsSink('$HOME/store', { env }).prepare();
    expect(warning).toMatch(/could not check before applying that the command exists/);
  });

  it('through applyPlan: a command that keeps failing leaves the key in the fallback file, never in the result', async () => {
    const fake = new FakeAdminApi();
    fake.addProject('search');
    const fallbackDir = join(dir, 'secrets.fallback');
    const sink = new ExecSecretsSink('cat >&2; echo $((n=$(cat "$OUT/count" 2>/dev/null || echo 0)+1)) > "$OUT/count"; exit 1', { env, fallbackDir });
    const plan = planOf([
      change('project.service_account', 'create', 'project["search"].service_account["indexer"]', { target: { project: 'search', serviceAccount: 'indexer' } }),
    ]);
    const result = await applyPlan(plan, fake.api(), { live: liveOf(), policy: policyWith(), sleep: noSleep, secrets: sink });
    expect((await readFile(join(dir, 'count'), 'utf8')).trim()).toBe('4');
    const key = fake.issuedKeys[0]!;
    expect(JSON.parse(await readFile(join(fallbackDir, 'search--indexer.json'), 'utf8')).key).toBe(key);
    expect(result.applied[0]!.secret!.undelivered).toMatch(/^exec:cat failed \(exit code 1\)/);
    expect(JSON.stringify(result)).not.toContain(key);
  });
});

describe('chooseSecretsSink', () => {
  it('takes --secrets-sink, else --secrets-dir, else ORGPLANE_SECRETS_SINK, else the folder', () => {
    expect(chooseSecretsSink({ sink: 'file:keys', env: {} }).description).toBe('file:keys');
    expect(chooseSecretsSink({ sink: 'exec:gh secret set X', env: {} })).toBeInstanceOf(ExecSecretsSink);
    expect(chooseSecretsSink({ dir: 'keys', env: { ORGPLANE_SECRETS_SINK: 'exec:gh' } }).description).toBe('file:keys');
    expect(chooseSecretsSink({ env: { ORGPLANE_SECRETS_SINK: 'exec:gh secret set X' } }).description).toBe('exec:gh');
    const fallback = chooseSecretsSink({ env: {} });
    expect(fallback).toBeInstanceOf(FileSecretsSink);
    expect([fallback.description, fallback.fallbackDir]).toEqual(['file:.orgplane/secrets', '.orgplane/secrets.fallback']);
  });

  it('refuses a spec that is neither file:DIR nor exec:COMMAND, without echoing the command', () => {
    expect(() => chooseSecretsSink({ sink: 'vault kv put token=s3cr3t', env: {} })).toThrow(SecretsSinkSpecError);
    expect(() => chooseSecretsSink({ sink: 'vault kv put token=s3cr3t', env: {} })).toThrow(/^--secrets-sink takes file:DIR or exec:COMMAND \(got no file: or exec: prefix\)/);
    expect(() => chooseSecretsSink({ env: { ORGPLANE_SECRETS_SINK: 'exec:' } })).toThrow(/^ORGPLANE_SECRETS_SINK takes file:DIR or exec:COMMAND \(got "exec:…" with nothing after the colon\)/);
    expect(() => chooseSecretsSink({ sink: 'file:a', dir: 'b', env: {} })).toThrow(/not both/);
  });
});
