// A git remote as a manifest source. Layout under <stateDir>/source/:
//   repo.git/                 bare repository, fetched each interval at the ref
//   checkouts/<commit>/       worktrees: the head being tried and the last good one
// The last good checkout survives restarts so an invalid head never stops enforcement.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { runGit } from './git-cli.js';
import type { ManifestSource, SourceSnapshot } from './types.js';

export interface GitSourceOptions {
  url: string;
  /** Branch, tag or commit; default `main`. */
  ref?: string;
  stateDir: string;
  /** Sub-folder of the repository holding the manifests; default the repository root. */
  configPath?: string;
  /** Token for https remotes; default `ORGPLANE_GIT_TOKEN`, then `GITHUB_TOKEN`. */
  token?: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds since the epoch, for `sync({ maxAgeMs })`; default Date.now. */
  clock?: () => number;
}

const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** The URL without userinfo, for logs, labels and git's argument list. */
export function redactGitUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

/** A password embedded in an https URL (`https://x:TOKEN@host/…`) is used as the token, never kept in the URL. */
function embeddedPassword(url: string): string | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.password === '' ? undefined : decodeURIComponent(parsed.password);
  } catch {
    return undefined;
  }
}

export function createGitSource(options: GitSourceOptions): ManifestSource {
  const env = options.env ?? process.env;
  const ref = options.ref ?? 'main';
  const url = redactGitUrl(options.url);
  const root = path.join(options.stateDir, 'source');
  const gitDir = path.join(root, 'repo.git');
  const checkoutsDir = path.join(root, 'checkouts');
  const token = options.token ?? embeddedPassword(options.url) ?? env.ORGPLANE_GIT_TOKEN ?? env.GITHUB_TOKEN;
  const authHeader =
    /^https?:\/\//i.test(url) && token !== undefined && token !== ''
      ? `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`
      : undefined;
  const remote = authHeader === undefined ? {} : { authHeader };

  const git = (args: string[]): Promise<string> => runGit(['--git-dir', gitDir, ...args]);
  const now = options.clock ?? Date.now;
  /** The last fetch: reused by `sync({ maxAgeMs })` while young enough. */
  let lastFetch: { at: number; snapshot: SourceSnapshot } | undefined;

  async function ensureRepo(): Promise<void> {
    if (existsSync(path.join(gitDir, 'HEAD'))) return;
    await mkdir(root, { recursive: true });
    await runGit(['init', '--bare', '--quiet', gitDir]);
  }

  function snapshotFor(revision: string): SourceSnapshot {
    const dir = path.join(checkoutsDir, revision);
    return { revision, configDir: options.configPath ? path.join(dir, options.configPath) : dir };
  }

  async function ensureCheckout(revision: string): Promise<SourceSnapshot> {
    const dir = path.join(checkoutsDir, revision);
    if (existsSync(path.join(dir, '.git'))) {
      const head = await runGit(['rev-parse', 'HEAD'], { cwd: dir }).catch(() => '');
      if (head === revision) return snapshotFor(revision);
      await removeCheckout(revision);
    }
    await mkdir(checkoutsDir, { recursive: true });
    await git(['worktree', 'add', '--detach', '--force', '--quiet', dir, revision]);
    return snapshotFor(revision);
  }

  async function removeCheckout(name: string): Promise<void> {
    const dir = path.join(checkoutsDir, name);
    await git(['worktree', 'remove', '--force', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await git(['worktree', 'prune']).catch(() => undefined);
  }

  return {
    kind: 'git',
    label: `${url}@${ref}`,
    async sync(sync = {}) {
      const maxAgeMs = sync.maxAgeMs ?? 0;
      if (lastFetch !== undefined && maxAgeMs > 0 && now() - lastFetch.at < maxAgeMs) {
        return ensureCheckout(lastFetch.snapshot.revision ?? '');
      }
      await ensureRepo();
      // Fetch only the ref we follow; shallow keeps a large history off the volume.
      await runGit(['--git-dir', gitDir, 'fetch', '--quiet', '--no-tags', '--depth=1', url, ref], remote);
      const revision = await git(['rev-parse', '--verify', 'FETCH_HEAD^{commit}']);
      // Pin it so a later shallow fetch or gc cannot drop the commit a checkout needs.
      await git(['update-ref', 'refs/orgplane/head', revision]);
      const snapshot = await ensureCheckout(revision);
      lastFetch = { at: now(), snapshot };
      return snapshot;
    },
    async checkout(revision) {
      if (!COMMIT.test(revision)) return undefined;
      await ensureRepo();
      const exists = await git(['cat-file', '-e', `${revision}^{commit}`]).then(
        () => true,
        () => false,
      );
      return exists ? ensureCheckout(revision) : undefined;
    },
    async markGood(revision) {
      await git(['update-ref', 'refs/orgplane/good', revision]);
      const names = existsSync(checkoutsDir) ? await readdir(checkoutsDir) : [];
      for (const name of names) if (name !== revision) await removeCheckout(name);
    },
  };
}
