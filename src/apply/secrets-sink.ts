// Secrets sinks: where a new service account's key goes, the one time the API shows it.
// The default writes one JSON file per service account, mode 0600 in a 0700 folder
// (git-ignored when the sink creates it), written atomically (a private temp file
// hard-linked into place, which fails rather than overwrite or follow a symlink) so a
// reader never sees half a key and no key is ever replaced. deliverSecret() is what
// apply calls: it retries a failed write, then keeps the key in a fallback file.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { OrgplaneError } from '../errors.js';
import { writeNewFile } from '../fsutil/atomic-write.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { maskError, maskSecrets } from '../mask-secrets.js';
import { describeError, SecretsSinkError } from './errors.js';
import type { SecretReceipt, SecretsSink, ServiceAccountSecret, Sleep } from './types.js';

/** Default `--secrets-dir` (`--secrets-sink file:.orgplane/secrets`). */
export const DEFAULT_SECRETS_DIR = '.orgplane/secrets';

/**
 * The document a sink receives, in this field order: the file's content and the exec
 * sink's stdin. `name`/`id` are the service account's, `key` the API key's value.
 */
export const SECRET_FIELDS = ['project', 'projectId', 'name', 'id', 'key', 'createdAt'] as const;

export function secretDocument(secret: ServiceAccountSecret): string {
  return `${JSON.stringify(secret, [...SECRET_FIELDS], 2)}\n`;
}

/** Where keys go when a sink keeps failing: `<dir>.fallback`, beside a file sink's folder. */
export function fallbackDirFor(dir: string): string {
  // `file:.` has no name to extend: use the folder's real one.
  const named = ['', '.', '..'].includes(basename(dir)) ? resolve(dir) : dir;
  return join(dirname(named), `${basename(named)}.fallback`);
}

/** Project and account names may hold spaces or slashes: keep file names portable. */
function safePart(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return safe === '' ? '_' : safe;
}

function isExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EEXIST';
}

const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

export class FileSecretsSink implements SecretsSink {
  readonly description: string;
  readonly fallbackDir: string;
  private prepared: Promise<string[]> | undefined;

  constructor(private readonly dir: string = DEFAULT_SECRETS_DIR) {
    this.description = `file:${dir}`;
    this.fallbackDir = fallbackDirFor(dir);
  }

  /**
   * Creates the folder (and its .gitignore) and proves a key file can be placed there
   * the way write() does it, before apply creates anything. Once per sink: concurrent
   * callers share the answer. Resolves to warnings; rejects with SecretsSinkError.
   */
  prepare(): Promise<string[]> {
    this.prepared ??= this.check().catch((error: unknown) => {
      throw new SecretsSinkError(`the secrets sink ${this.description} cannot take keys: ${describeError(error).message}`, { cause: error });
    });
    return this.prepared;
  }

  private async check(): Promise<string[]> {
    await this.ensureFolder();
    const warnings: string[] = [];
    // mkdir leaves an existing folder's mode alone: say so when others can look inside.
    if (((await stat(this.dir)).mode & 0o077) !== 0) warnings.push(`${this.dir} is readable by other users (chmod 700 it)`);
    // A run killed mid-write leaves its temp file: it may hold the only copy of a key.
    const leftovers = (await readdir(this.dir)).filter((name) => TEMP_FILE.test(name));
    if (leftovers.length > 0) {
      warnings.push(`${leftovers.map((n) => join(this.dir, n)).join(', ')} left by an interrupted apply may hold a key: keep it if its account has no other key, then delete it`);
    }
    // The test write: the same steps as a key (exclusive 0600 create, sync, hard link), then gone.
    const probe = join(this.dir, `.orgplane-probe-${randomBytes(6).toString('hex')}`);
    await writeNewFile(probe, 'orgplane checks that keys can be written here\n', 0o600);
    try {
      await link(probe, `${probe}-linked`);
      await unlink(`${probe}-linked`);
    } finally {
      await unlink(probe).catch(() => undefined);
    }
    return warnings;
  }

  private async ensureFolder(): Promise<void> {
    const created = await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // A folder we create ignores itself: keys written inside a repository are never committed.
    // When a parent was missing too, mkdir -p answers "created" to several concurrent
    // writers: the first .gitignore wins and the others find it there (EEXIST), which is fine.
    if (created !== undefined) {
      await writeFile(join(this.dir, '.gitignore'), '*\n', { flag: 'wx', mode: 0o600 }).catch((error: unknown) => {
        if (!isExists(error)) throw error;
      });
    }
  }

  async write(secret: ServiceAccountSecret): Promise<SecretReceipt> {
    // Again on every write: the folder may have gone since prepare().
    await this.ensureFolder();
    const base = `${safePart(secret.project)}--${safePart(secret.name)}`;
    const temp = join(this.dir, `.${base}.${randomBytes(6).toString('hex')}.tmp`);
    // Exclusive 0600 create, synced (never through a symlink); linked into place below.
    await writeNewFile(temp, secretDocument(secret), 0o600);
    try {
      const preferred = join(this.dir, `${base}.json`);
      if (await this.place(temp, preferred)) return { location: preferred };
      const byId = join(this.dir, `${base}-${safePart(secret.id)}.json`);
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const candidate = attempt === 0 ? byId : byId.replace(/\.json$/, `-${attempt}.json`);
        if (await this.place(temp, candidate)) {
          return { location: candidate, warning: `${preferred} already exists and was left as it was; the new key is in ${candidate}` };
        }
      }
      throw new Error(`no free file name for the key of ${secret.project}/${secret.name} in ${this.dir}`);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  /** link(2) is atomic and refuses an existing target (a symlink too): never a silent overwrite. */
  private async place(temp: string, target: string): Promise<boolean> {
    try {
      await link(temp, target);
      return true;
    } catch (error) {
      if (isExists(error)) return false;
      throw error;
    }
  }
}

/** True when a plan's changes include creating a service account (so a key will arrive). */
export function needsSecretsSink(changes: readonly { kind: string; action: string }[]): boolean {
  return changes.some((c) => c.kind === 'project.service_account' && c.action === 'create');
}

/** prepare() of any sink (a sink without one is taken as ready); errors become SecretsSinkError. */
export async function prepareSecretsSink(sink: SecretsSink): Promise<string[]> {
  if (sink.prepare === undefined) return [];
  try {
    return await sink.prepare();
  } catch (error) {
    if (error instanceof SecretsSinkError) throw error;
    const name = sink.description !== undefined ? ` ${sink.description}` : '';
    throw new SecretsSinkError(`the secrets sink${name} cannot take keys: ${describeError(error).message}`, { cause: error });
  }
}

/**
 * Waits before each new attempt of a failed write: 4 attempts over 7 s ride out a
 * network blip or a secret store's rate limit without holding up the apply for long.
 */
export const SINK_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000];

/** The key's value, and any key-shaped string, out of a text about a failed write. */
function withoutKey(text: string, key: string): string {
  return maskSecrets(text, [key]);
}

export interface DeliverOptions {
  sleep: Sleep;
  logger?: Logger;
  /** Default SINK_RETRY_DELAYS_MS. */
  delaysMs?: readonly number[];
}

/**
 * Hands a new key to the sink and never drops it: a failed write is retried; when the
 * sink still refuses, the key goes to a 0600 file in the sink's fallback folder and the
 * receipt says so (`undelivered`), so that apply exits non-zero naming the file. Throws
 * only when the fallback cannot be written either.
 */
export async function deliverSecret(sink: SecretsSink, secret: ServiceAccountSecret, options: DeliverOptions): Promise<SecretReceipt> {
  const logger = options.logger ?? silentLogger();
  const delays = options.delaysMs ?? SINK_RETRY_DELAYS_MS;
  const where = sink.description ?? 'the secrets sink';
  const reasons: string[] = [];
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await sink.write(secret);
    } catch (error) {
      const reason = withoutKey(describeError(error).message, secret.key);
      reasons.push(reason);
      logger.warn({ project: secret.project, serviceAccount: secret.name, attempt, err: maskError(error, [secret.key]) }, 'secrets sink write failed');
      const delay = delays[attempt - 1];
      if (delay === undefined) break;
      await options.sleep(delay);
    }
  }
  const fallbackDir = sink.fallbackDir ?? fallbackDirFor(DEFAULT_SECRETS_DIR);
  const attempts = reasons.length;
  const reason = reasons.at(-1) ?? '';
  try {
    const kept = await new FileSecretsSink(fallbackDir).write(secret);
    logger.error({ project: secret.project, serviceAccount: secret.name, location: kept.location }, 'key kept in a fallback file');
    const warning = `the key of service account "${secret.name}" in project "${secret.project}" could not be delivered to ${where} (${attempts} attempts; last: ${reason}); it is kept in ${kept.location} (mode 0600): deliver it yourself, then delete the file`;
    return { location: kept.location, undelivered: reason, warning: kept.warning !== undefined ? `${warning}; ${kept.warning}` : warning };
  } catch (error) {
    throw new OrgplaneError(
      `service account "${secret.name}" (${secret.id}) was created but its key could not be delivered to ${where} (${reason}) nor kept in ${fallbackDir} (${withoutKey(describeError(error).message, secret.key)}); delete the service account and apply again to get a new key`,
    );
  }
}
