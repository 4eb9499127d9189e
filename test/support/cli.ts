// Shared e2e harness: run the built CLI (dist/cli.js, build first with `npm run build`)
// as a child process on the project's Node (node_modules/.bin/node), never the machine's.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NODE_BIN = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));
export const CLI_ENTRY = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to a minimal environment (PATH, HOME, NO_COLOR=1): the machine's OPENAI_* never leak in. */
  env?: Record<string, string | undefined>;
  /** Default: the repository root. */
  cwd?: string;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Kills the child with SIGKILL after this long; default 30 s. */
  timeoutMs?: number;
}

function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, NO_COLOR: '1' };
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function spawnCli(args: readonly string[], options: CliOptions): ChildProcess {
  if (!existsSync(CLI_ENTRY)) throw new Error(`${CLI_ENTRY} is missing: run \`npm run build\` before e2e tests`);
  return spawn(NODE_BIN, [CLI_ENTRY, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: childEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs `orgplane ARGS` to completion. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin?.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface LongRunningCli {
  readonly child: ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern` (rejects on exit or after timeoutMs, default 15 s). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends `signal` (default SIGTERM) and resolves when the child has exited. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
  /** Resolves when the child exits by itself. */
  exited: Promise<CliResult>;
}

/** Starts `orgplane ARGS` (daemon, emulator…) and leaves it running until stop(). */
export function startCli(args: readonly string[], options: CliOptions = {}): LongRunningCli {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  if (options.input !== undefined) child.stdin?.end(options.input);
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      for (const listener of listeners) listener();
      resolve({ code, signal, stdout, stderr });
    });
  });
  const hardTimer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  void exited.then(() => clearTimeout(hardTimer));

  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForLine: (pattern, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const line = stdout.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) {
            done();
            resolve(line);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`CLI exited before printing ${String(pattern)}; stderr: ${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${String(pattern)}; stdout: ${stdout}; stderr: ${stderr}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
