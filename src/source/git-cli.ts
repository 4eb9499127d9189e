// Runs the git CLI without a shell. Credentials travel in the child's environment
// (GIT_CONFIG_COUNT/KEY/VALUE, git >= 2.31) as an http.extraHeader, so a token never
// lands in a URL, an argument list, a file on disk or a log line.
import { execFile } from 'node:child_process';
import { OrgplaneError } from '../errors.js';
import { maskSecrets } from '../mask-secrets.js';

export class GitError extends OrgplaneError {
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface GitRunOptions {
  cwd?: string;
  /** An HTTP Authorization header value for https remotes; never logged. */
  authHeader?: string;
  /** Default 120 s: a fetch of a large repository over a slow link. */
  timeoutMs?: number;
}

/** Redacts anything that looks like a credential from git's own output before it is kept. */
export function scrubGitOutput(text: string, secrets: readonly string[] = []): string {
  return maskSecrets(text, secrets).trim();
}

/** orgplane's own credentials: git and whatever it runs (ssh, helpers, hooks) get none of them. */
const WITHHELD_FROM_GIT = ['OPENAI_ADMIN_KEY', 'ORGPLANE_GIT_TOKEN', 'GITHUB_TOKEN', 'ORGPLANE_ALERT_WEBHOOK'];

export function runGit(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const name of WITHHELD_FROM_GIT) delete inherited[name];
  // git (curl) reads HTTPS_PROXY, NO_PROXY and http_proxy from the environment it inherits,
  // but not an upper-case HTTP_PROXY (a CGI safety rule): pass that one on in the form curl reads.
  if (inherited.http_proxy === undefined && inherited.HTTP_PROXY !== undefined) inherited.http_proxy = inherited.HTTP_PROXY;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    GIT_TERMINAL_PROMPT: '0',
    // Never let a prompt hang the daemon, and do not read the user's askpass helper.
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
  };
  // The state volume may be owned by another uid than ours (a PVC with fsGroup): the
  // repositories in it are orgplane's own, so git's ownership check is waived for them.
  const config: [string, string][] = [['safe.directory', '*']];
  if (options.authHeader !== undefined) config.push(['http.extraHeader', `Authorization: ${options.authHeader}`]);
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  const secrets = options.authHeader === undefined ? [] : [options.authHeader, options.authHeader.split(' ')[1] ?? ''];
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      { cwd: options.cwd, env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          // execFile's own message quotes the command line: scrubbed like stderr.
          const detail = scrubGitOutput(String(stderr), secrets) || scrubGitOutput(error.message, secrets);
          const shown = args.map((arg) => scrubGitOutput(arg, secrets));
          reject(new GitError(`git ${subcommand(shown)} failed: ${detail}`, shown, detail));
          return;
        }
        resolve(String(stdout).trim());
      },
    );
  });
}

function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--git-dir' || arg === '-C' || arg === '-c') i += 1;
    else if (!arg.startsWith('-')) return arg;
  }
  return '';
}
