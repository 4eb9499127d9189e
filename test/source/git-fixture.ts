// Real temporary git repositories for source and daemon tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

export interface TempRepo {
  dir: string;
  url: string;
  /** Writes files (path relative to the repo → content), commits them, returns the commit. */
  commit(files: Record<string, string>, message?: string): string;
}

export function createTempRepo(): TempRepo {
  const dir = mkdtempSync(path.join(tmpdir(), 'orgplane-repo-'));
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env: ENV, encoding: 'utf8' }).trim();
  git('init', '--quiet', '--initial-branch=main');
  return {
    dir,
    url: `file://${dir}`,
    commit(files, message = 'change') {
      for (const [name, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), content);
      }
      git('add', '-A');
      git('commit', '--quiet', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
  };
}
