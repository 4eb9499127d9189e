// The exec secrets sink (`--secrets-sink exec:COMMAND`): hands each new key to a command
// (`gh secret set`, `vault kv put`, a cloud secret manager's CLI), so a CI runner that is
// thrown away loses nothing. The key document goes to the command's stdin only: never in
// its arguments or environment, where other processes and logs could see it.
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { maskSecrets, REDACTED } from '../mask-secrets.js';
import { DEFAULT_SECRETS_DIR, fallbackDirFor, secretDocument } from './secrets-sink.js';
import type { SecretReceipt, SecretsSink, ServiceAccountSecret } from './types.js';

/** The shell that runs COMMAND, as `/bin/sh -c COMMAND`. */
export const EXEC_SHELL = '/bin/sh';

/**
 * How long one run of the command may take before it is stopped and counted as a
 * failed write: secret-store CLIs (gh, vault, gcloud) start in seconds even cold; a
 * minute leaves room for a slow network without letting a hung command stall apply.
 */
export const EXEC_TIMEOUT_MS = 60_000;

/** Output of the command kept in memory (it is never printed whole). */
const OUTPUT_CAP = 64 * 1024;
/** Characters of the command's (scrubbed) output quoted in a failure: enough for its error line. */
const SHOWN_OUTPUT = 300;

/** Inherited variables the command never sees: the admin key, and orgplane's own settings and tokens. */
const WITHHELD = /^(OPENAI_ADMIN_KEY|OPENAI_API_KEY|ORGPLANE_.*)$/;

/** `OPENAI_SA_<PROJECT>_<ACCOUNT>`, upper-cased, every run of characters outside [A-Z0-9] → `_`. */
export function secretName(project: string, serviceAccount: string): string {
  return `OPENAI_SA_${project}_${serviceAccount}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The command's environment: the parent's without secrets, plus the names of the key it receives. */
export function commandEnv(parent: NodeJS.ProcessEnv, secret: Pick<ServiceAccountSecret, 'project' | 'name'>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(parent)) if (!WITHHELD.test(name) && value !== undefined) env[name] = value;
  env.ORGPLANE_PROJECT = secret.project;
  env.ORGPLANE_SERVICE_ACCOUNT = secret.name;
  env.ORGPLANE_SECRET_NAME = secretName(secret.project, secret.name);
  return env;
}

/**
 * The command's first word as the shell would run it (leading VAR=value assignments
 * skipped, quotes removed), or undefined when only running the shell could tell (an
 * expansion, a glob, a subshell).
 */
export function firstWord(command: string): string | undefined {
  let i = 0;
  const at = (n: number): string => command.charAt(n);
  for (;;) {
    while (i < command.length && /\s/.test(at(i))) i += 1;
    let word = '';
    let raw = '';
    while (i < command.length && !/[\s;&|<>()]/.test(at(i))) {
      const c = at(i);
      raw += c;
      if (c === "'") {
        const end = command.indexOf("'", i + 1);
        if (end < 0) return undefined;
        word += command.slice(i + 1, end);
        i = end + 1;
      } else if (c === '"') {
        let j = i + 1;
        for (; j < command.length && at(j) !== '"'; j += 1) {
          if ('$`'.includes(at(j))) return undefined;
          if (at(j) === '\\' && j + 1 < command.length) j += 1;
          word += at(j);
        }
        if (j >= command.length) return undefined;
        i = j + 1;
      } else if (c === '\\') {
        word += at(i + 1);
        i += 2;
      } else if ('$`*?[~'.includes(c)) {
        return undefined;
      } else {
        word += c;
        i += 1;
      }
    }
    if (word === '') return undefined;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(raw)) continue;
    return word;
  }
}

/** The key's value, and anything key-shaped, out of the command's output; capped to its tail. */
export function scrubOutput(output: string, key: string): string {
  let text = output;
  // Output cut at the cap can end in the first characters of the key.
  for (let n = Math.min(key.length - 1, text.length); n >= 4; n -= 1) {
    if (text.endsWith(key.slice(0, n))) {
      text = `${text.slice(0, -n)}${REDACTED}`;
      break;
    }
  }
  const line = maskSecrets(text, [key]).replace(/\s+/g, ' ').trim();
  return line.length > SHOWN_OUTPUT ? `…${line.slice(-SHOWN_OUTPUT)}` : line;
}

/** Starts a timer and returns its cancel function; injectable so tests never wait. */
export type SetTimer = (ms: number, fire: () => void) => () => void;

const realTimer: SetTimer = (ms, fire) => {
  const timer = setTimeout(fire, ms);
  return () => clearTimeout(timer);
};

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  output: string;
}

export interface ExecSinkOptions {
  /** The environment the command's is derived from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default EXEC_SHELL. */
  shell?: string;
  /** Per run of the command; default EXEC_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Default `.orgplane/secrets.fallback`. */
  fallbackDir?: string;
  setTimer?: SetTimer;
}

export class ExecSecretsSink implements SecretsSink {
  readonly description: string;
  readonly fallbackDir: string;
  private readonly word: string | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private readonly shell: string;
  private readonly timeoutMs: number;
  private readonly setTimer: SetTimer;
  private prepared: Promise<string[]> | undefined;

  constructor(
    private readonly command: string,
    options: ExecSinkOptions = {},
  ) {
    this.word = firstWord(command);
    // Only the first word: the rest of a command line may hold a token.
    this.description = `exec:${this.word ?? 'COMMAND'}`;
    this.fallbackDir = options.fallbackDir ?? fallbackDirFor(DEFAULT_SECRETS_DIR);
    this.env = options.env ?? process.env;
    this.shell = options.shell ?? EXEC_SHELL;
    this.timeoutMs = options.timeoutMs ?? EXEC_TIMEOUT_MS;
    this.setTimer = options.setTimer ?? realTimer;
  }

  /**
   * Checks that the shell is there and the command's first word resolves (on PATH, a
   * path to an executable, or a shell builtin). It does not run the command: a test
   * key would land in the real secret store.
   */
  prepare(): Promise<string[]> {
    this.prepared ??= this.check();
    return this.prepared;
  }

  private async check(): Promise<string[]> {
    try {
      await access(this.shell, constants.X_OK);
    } catch {
      throw new Error(`${this.shell} is missing or not executable; the exec sink runs COMMAND as ${this.shell} -c COMMAND`);
    }
    if (this.word === undefined) {
      return [
        `${this.description}: could not check before applying that the command exists (its first word is made by the shell); if it fails, its keys are kept in ${this.fallbackDir}`,
      ];
    }
    const env = commandEnv(this.env, { project: '', name: '' });
    const found = await this.run(['-c', 'command -v "$1" >/dev/null 2>&1', 'orgplane', this.word], '', env);
    if (found.timedOut || found.code !== 0) {
      throw new Error(`"${this.word}" was not found (not on PATH, not executable, not a shell builtin): install it or fix the command`);
    }
    return [];
  }

  async write(secret: ServiceAccountSecret): Promise<SecretReceipt> {
    const env = commandEnv(this.env, secret);
    const result = await this.run(['-c', this.command], secretDocument(secret), env);
    const output = scrubOutput(result.output, secret.key);
    const said = output === '' ? '' : `: ${output}`;
    if (result.timedOut) throw new Error(`${this.description} did not finish within ${this.timeoutMs / 1000} s and was stopped${said}`);
    if (result.code !== 0) {
      throw new Error(`${this.description} failed (${result.code !== null ? `exit code ${result.code}` : `signal ${result.signal ?? '?'}`})${said}`);
    }
    return { location: `${this.description} as ${env.ORGPLANE_SECRET_NAME ?? ''}` };
  }

  private run(args: readonly string[], input: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      // Its own process group: a timeout stops the shell and whatever it started.
      const child = spawn(this.shell, args, { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      let output = '';
      const take = (chunk: Buffer): void => {
        if (output.length < OUTPUT_CAP) output += chunk.toString('utf8').slice(0, OUTPUT_CAP - output.length);
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      let timedOut = false;
      const cancel = this.setTimer(this.timeoutMs, () => {
        timedOut = true;
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
        child.stdout.destroy();
        child.stderr.destroy();
      });
      // EPIPE when the command ends without reading its stdin: its exit status decides.
      child.stdin.on('error', () => undefined);
      child.once('error', (error) => {
        cancel();
        reject(error);
      });
      child.once('close', (code, signal) => {
        cancel();
        resolve({ code, signal, timedOut, output });
      });
      child.stdin.end(input);
    });
  }
}
