// Helpers of the apply end-to-end tests: config folders derived from policies/, the
// emulator dump's duplicates, and a record of everything the CLI printed (for leak scans).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorSeed } from '../../../src/emulator/index.js';
import { REPO_ROOT, runCli, type CliOptions, type CliResult } from '../../support/cli.js';

export interface Workspace {
  dir: string;
  config: string;
  secrets: string;
  cleanup(): Promise<void>;
}

/** A temp folder with a copy of policies/ (edited by `edits`: file → [from, to] replacements). */
export async function workspace(edits: Record<string, [string, string][]> = {}): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'orgplane-apply-e2e-'));
  const config = join(dir, 'policies');
  await cp(join(REPO_ROOT, 'policies'), config, { recursive: true });
  for (const [file, replacements] of Object.entries(edits)) {
    let text = await readFile(join(config, file), 'utf8');
    for (const [from, to] of replacements) {
      if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
      text = text.replace(from, to);
    }
    await writeFile(join(config, file), text);
  }
  return { dir, config, secrets: join(dir, 'secrets'), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Every CLI run of a test file, so that all output can be scanned for keys at the end. */
export class CliRecorder {
  readonly runs: { args: readonly string[]; result: CliResult }[] = [];

  async run(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
    const result = await runCli(args, options);
    this.record(args, result);
    return result;
  }

  record(args: readonly string[], result: CliResult): void {
    this.runs.push({ args, result });
  }

  /** Lines (stdout and stderr of every run) that contain any of the secrets. */
  leaks(secrets: readonly string[]): string[] {
    const found: string[] = [];
    for (const { args, result } of this.runs) {
      for (const line of `${result.stdout}\n${result.stderr}`.split('\n')) {
        for (const secret of secrets) {
          if (secret.length >= 8 && line.includes(secret)) found.push(`${args.join(' ')}: a key appears in "${line.slice(0, 60)}…"`);
        }
      }
    }
    return found;
  }
}

/** Every key the emulator knows: admin keys and service-account keys. */
export function keysIn(dump: EmulatorSeed): string[] {
  const keys = (dump.admin_keys ?? []).map((k) => k.value);
  for (const project of dump.projects ?? []) {
    for (const account of project.service_accounts ?? []) {
      if (account.api_key?.value) keys.push(account.api_key.value);
    }
    for (const key of project.api_keys ?? []) if (key.value) keys.push(key.value);
  }
  return keys;
}

/** Things that exist twice where once is the only right answer. */
export function duplicatesIn(dump: EmulatorSeed): string[] {
  const duplicates: string[] = [];
  const once = (label: string, keys: readonly string[]): void => {
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) duplicates.push(`${label}: ${key}`);
      seen.add(key);
    }
  };
  once('user', (dump.users ?? []).map((u) => u.email?.toLowerCase() ?? u.id ?? ''));
  once('pending invite', (dump.invites ?? []).filter((i) => (i.status ?? 'pending') === 'pending').map((i) => i.email.toLowerCase()));
  once('group', (dump.groups ?? []).map((g) => g.name));
  for (const group of dump.groups ?? []) once(`member of group ${group.name}`, group.users ?? []);
  once('role', (dump.roles ?? []).map((r) => `${r.project_id ?? 'org'}/${r.name}`));
  once('role assignment', (dump.role_assignments ?? []).map((a) => `${a.principal_type}:${a.principal}:${a.role}:${a.project_id ?? 'org'}`));
  once('active project', (dump.projects ?? []).filter((p) => p.archived_at == null).map((p) => p.name));
  for (const project of dump.projects ?? []) {
    once(`user of project ${project.name}`, (project.users ?? []).map((u) => u.user));
    once(`group of project ${project.name}`, (project.groups ?? []).map((g) => g.group));
    once(`service account of project ${project.name}`, (project.service_accounts ?? []).map((a) => a.name));
  }
  once('certificate', (dump.certificates ?? []).map((c) => c.name));
  return duplicates;
}

/** The state that matters for "nothing changed": everything but the admin key's last use (reads touch it). */
export function stateOf(dump: EmulatorSeed): string {
  const keys = (dump.admin_keys ?? []).map(({ last_used_at: _lastUsed, ...key }) => key);
  return JSON.stringify({ ...dump, admin_keys: keys, audit_logs: (dump.audit_logs ?? []).length });
}

/** Deterministic delays for the kill tests (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
