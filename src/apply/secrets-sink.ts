// The default secrets sink: one JSON file per service account, mode 0600 in a 0700
// folder (git-ignored when the sink creates it), written atomically (a private temp file hard-linked into place, which fails
// rather than overwrite) so a reader never sees half a key and no key is ever replaced.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretReceipt, SecretsSink, ServiceAccountSecret } from './types.js';

/** Default `--secrets-dir`. */
export const DEFAULT_SECRETS_DIR = '.orgplane/secrets';

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
  private checked = false;

  constructor(private readonly dir: string = DEFAULT_SECRETS_DIR) {}

  async write(secret: ServiceAccountSecret): Promise<SecretReceipt> {
    const created = await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // A folder we create ignores itself: keys written inside a repository are never committed.
    // When a parent was missing too, mkdir -p answers "created" to several concurrent
    // writers: the first .gitignore wins and the others find it there (EEXIST), which is fine.
    if (created !== undefined) {
      await writeFile(join(this.dir, '.gitignore'), '*\n', { flag: 'wx', mode: 0o600 }).catch((error: unknown) => {
        if (!isExists(error)) throw error;
      });
    }
    const notes: string[] = [];
    // mkdir leaves an existing folder's mode alone: say so when others can look inside.
    if (((await stat(this.dir)).mode & 0o077) !== 0) notes.push(`${this.dir} is readable by other users (chmod 700 it)`);
    if (!this.checked) {
      this.checked = true;
      // A run killed mid-write leaves its temp file: it may hold the only copy of a key.
      const leftovers = (await readdir(this.dir)).filter((name) => TEMP_FILE.test(name));
      if (leftovers.length > 0) {
        notes.push(`${leftovers.map((n) => join(this.dir, n)).join(', ')} left by an interrupted apply may hold a key: keep it if its account has no other key, then delete it`);
      }
    }
    const exposed = notes.length > 0 ? notes.join('; ') : undefined;
    const base = `${safePart(secret.project)}--${safePart(secret.name)}`;
    const temp = join(this.dir, `.${base}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(secret, ['project', 'projectId', 'name', 'id', 'key', 'createdAt'], 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      const preferred = join(this.dir, `${base}.json`);
      if (await this.place(temp, preferred)) return exposed !== undefined ? { location: preferred, warning: exposed } : { location: preferred };
      const byId = join(this.dir, `${base}-${safePart(secret.id)}.json`);
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const candidate = attempt === 0 ? byId : byId.replace(/\.json$/, `-${attempt}.json`);
        if (await this.place(temp, candidate)) {
          const taken = `${preferred} already exists and was left as it was; the new key is in ${candidate}`;
          return { location: candidate, warning: exposed !== undefined ? `${taken}; ${exposed}` : taken };
        }
      }
      throw new Error(`no free file name for the key of ${secret.project}/${secret.name} in ${this.dir}`);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  /** link(2) is atomic and refuses an existing target: never a silent overwrite. */
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
