// What the source stage offers: parse `--source`, then a ManifestSource for a folder or a git remote.
import { createFolderSource } from './folder-source.js';
import { createGitSource } from './git-source.js';
import type { ManifestSource, SourceSpec } from './types.js';

export type { ManifestSource, SourceSnapshot, SourceSpec, SyncOptions } from './types.js';
export { createFolderSource } from './folder-source.js';
export { createGitSource, redactGitUrl } from './git-source.js';
export { GitError, runGit } from './git-cli.js';

const GIT_URL = /^(https?:\/\/|ssh:\/\/|git:\/\/|file:\/\/|[\w.-]+@[\w.-]+:)/i;

/** `--source` is a git URL (https, ssh, scp-like `git@host:org/repo`, file://) or else a folder. */
export function parseSourceSpec(source: string, ref = 'main'): SourceSpec {
  return GIT_URL.test(source) ? { kind: 'git', url: source, ref } : { kind: 'folder', path: source };
}

export interface OpenSourceOptions {
  source: string;
  ref?: string;
  stateDir: string;
  configPath?: string;
  env?: NodeJS.ProcessEnv;
}

export function openSource(options: OpenSourceOptions): ManifestSource {
  const spec = parseSourceSpec(options.source, options.ref);
  if (spec.kind === 'folder') return createFolderSource(spec.path, options.configPath);
  return createGitSource({
    url: spec.url,
    ref: spec.ref,
    stateDir: options.stateDir,
    ...(options.configPath === undefined ? {} : { configPath: options.configPath }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
}
