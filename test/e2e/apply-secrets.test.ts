// Service-account keys end to end: the sink is proven before the first change (a broken
// one refuses the apply with nothing changed), the exec sink hands each key to a command
// on stdin, and a key the sink refuses is kept in a fallback file; no key is ever printed.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { useEmulator } from '../support/emulator.js';
import { CliRecorder, keysIn, stateOf, workspace, type Workspace } from '../apply/support/e2e.js';

const emulator = useEmulator();
const cli = new CliRecorder();
const spaces: Workspace[] = [];
const allKeys = new Set<string>();

afterAll(async () => {
  await Promise.all(spaces.map((s) => s.cleanup()));
});

async function space(): Promise<Workspace> {
  const made = await workspace();
  spaces.push(made);
  return made;
}

/** The demo manifests create these three service accounts. */
const ACCOUNTS = ['Research/eval-runner', 'Search/indexer', 'Support Assistant/support-bot'];

function accountKeys(dump: EmulatorSeed): Map<string, string> {
  const keys = new Map<string, string>();
  for (const project of dump.projects ?? []) {
    if (project.archived_at != null) continue;
    for (const account of project.service_accounts ?? []) if (account.api_key?.value) keys.set(`${project.name}/${account.name}`, account.api_key.value);
  }
  return keys;
}

async function remember(): Promise<Map<string, string>> {
  const dump = await emulator.current.dump();
  for (const key of keysIn(dump)) allKeys.add(key);
  return accountKeys(dump);
}

async function mutatingRequests(): Promise<string[]> {
  return Object.keys((await emulator.current.requests()).byRoute).filter((route) => !route.startsWith('GET '));
}

describe('orgplane apply: a broken secrets sink refuses before the first change (e2e)', () => {
  const cases: { name: string; sink: (ws: Workspace) => Promise<string>; says: RegExp }[] = [
    {
      name: 'a folder that cannot be created',
      sink: async (ws) => {
        await writeFile(join(ws.dir, 'not-a-dir'), '');
        return `file:${join(ws.dir, 'not-a-dir', 'secrets')}`;
      },
      says: /error: the secrets sink file:.*not-a-dir\/secrets cannot take keys: ENOTDIR.*; nothing was changed/,
    },
    {
      name: 'a command that does not exist',
      sink: () => Promise.resolve('exec:orgplane-no-such-store --name "$ORGPLANE_SECRET_NAME"'),
      says: /error: the secrets sink exec:orgplane-no-such-store cannot take keys: "orgplane-no-such-store" was not found .*; nothing was changed/,
    },
  ];
  for (const { name, sink, says } of cases) {
    it(name, async () => {
      const ws = await space();
      const spec = await sink(ws);
      const before = stateOf(await emulator.current.dump());
      await emulator.current.resetRequests();
      const result = await cli.run(['apply', '--config', ws.config, '--auto-approve', '--secrets-sink', spec], { env: emulator.current.env(), cwd: ws.dir });
      expect(result.stderr).toMatch(says);
      expect(result.code).toBe(1);
      expect(await mutatingRequests()).toEqual([]);
      expect(stateOf(await emulator.current.dump())).toBe(before);
    });
  }
});

describe('orgplane apply --secrets-sink: a spec that is not a sink (e2e)', () => {
  it('exits 1 before any request, quoting no command', async () => {
    const ws = await space();
    await emulator.current.resetRequests();
    const result = await cli.run(['apply', '--config', ws.config, '--auto-approve', '--secrets-sink', 'vault kv put token=s3cr3t'], {
      env: emulator.current.env(),
      cwd: ws.dir,
    });
    expect(result.stderr).toContain('error: --secrets-sink takes file:DIR or exec:COMMAND (got no file: or exec: prefix)');
    expect(result.stderr).not.toContain('s3cr3t');
    expect(result.code).toBe(1);
    expect(await mutatingRequests()).toEqual([]);
  });
});

describe('orgplane apply --secrets-sink exec:COMMAND (e2e)', () => {
  it('hands each new key to the command on stdin, named in its environment, and prints none', async () => {
    const ws = await space();
    const out = join(ws.dir, 'store');
    await mkdir(out);
    // Through ORGPLANE_SECRETS_SINK, as a CI job would set it.
    const command = 'cat > "$OUT/$ORGPLANE_SECRET_NAME.json"; env > "$OUT/$ORGPLANE_SECRET_NAME.env"';
    const result = await cli.run(['apply', '--config', ws.config, '--auto-approve'], {
      env: { ...emulator.current.env(), ORGPLANE_SECRETS_SINK: `exec:${command}`, ORGPLANE_LOG_LEVEL: 'trace', OUT: out },
      cwd: ws.dir,
    });
    expect(result.stdout, result.stderr).toContain('Converged.');
    expect(result.code).toBe(0);
    const keys = await remember();
    const names: Record<string, string> = {
      'Research/eval-runner': 'OPENAI_SA_RESEARCH_EVAL_RUNNER',
      'Search/indexer': 'OPENAI_SA_SEARCH_INDEXER',
      'Support Assistant/support-bot': 'OPENAI_SA_SUPPORT_ASSISTANT_SUPPORT_BOT',
    };
    expect((await readdir(out)).sort()).toEqual(Object.values(names).flatMap((n) => [`${n}.env`, `${n}.json`]).sort());
    for (const account of ACCOUNTS) {
      const name = names[account]!;
      const received = JSON.parse(await readFile(join(out, `${name}.json`), 'utf8'));
      expect(`${received.project}/${received.name}`).toBe(account);
      expect(received.key).toBe(keys.get(account));
      const env = await readFile(join(out, `${name}.env`), 'utf8');
      expect(env).toContain(`ORGPLANE_SECRET_NAME=${name}\n`);
      expect(env).not.toContain('OPENAI_ADMIN_KEY');
      expect(env).not.toContain(emulator.current.adminKey);
      expect(env).not.toContain(keys.get(account));
      expect(result.stdout).toContain(`exec:cat as ${name}`);
    }
    // No file sink was used.
    expect(await readdir(ws.dir)).not.toContain('.orgplane');
    expect(cli.leaks([...allKeys])).toEqual([]);
  });

  it('keeps each key the command refuses in a 0600 fallback file, exits 1 naming it, and prints no key (even one the command echoed)', async () => {
    const ws = await space();
    const result = await cli.run(['apply', '--config', ws.config, '--auto-approve', '--secrets-sink', 'exec:echo "store refused:" >&2; cat >&2; exit 1'], {
      env: emulator.current.env(),
      cwd: ws.dir,
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Converged.');
    const keys = await remember();
    const fallback = join(ws.dir, '.orgplane', 'secrets.fallback');
    const files = (await readdir(fallback)).filter((f) => f !== '.gitignore').sort();
    expect(files).toEqual(['Research--eval-runner.json', 'Search--indexer.json', 'Support_Assistant--support-bot.json']);
    for (const file of files) {
      const kept = JSON.parse(await readFile(join(fallback, file), 'utf8'));
      expect(kept.key).toBe(keys.get(`${kept.project}/${kept.name}`));
      expect((await stat(join(fallback, file))).mode & 0o777).toBe(0o600);
      expect(result.stdout).toContain(join('.orgplane', 'secrets.fallback', file));
    }
    expect(result.stdout).toContain('Service-account keys NOT delivered, kept in fallback files');
    expect(result.stderr).toMatch(/error: 3 service-account keys could not be delivered to exec:echo and are kept in /);
    expect(result.stdout).toMatch(/exec:echo failed \(exit code 1\): store refused: \{ "project": .*"key": "\[redacted\]"/);
    expect(cli.leaks([...allKeys])).toEqual([]);
  }, 60_000);
});

describe('orgplane apply with the default sink in a fresh checkout (e2e)', () => {
  it('writes every key into .orgplane/secrets, created with its .gitignore, though the parent folder is missing too', async () => {
    const ws = await space();
    const result = await cli.run(['apply', '--config', ws.config, '--auto-approve'], { env: emulator.current.env(), cwd: ws.dir });
    expect(result.stdout, result.stderr).toContain('Converged.');
    expect(result.code).toBe(0);
    const secrets = join(ws.dir, '.orgplane', 'secrets');
    expect((await readdir(secrets)).sort()).toEqual(['.gitignore', 'Research--eval-runner.json', 'Search--indexer.json', 'Support_Assistant--support-bot.json']);
    await remember();
    expect(cli.leaks([...allKeys])).toEqual([]);
  });
});
