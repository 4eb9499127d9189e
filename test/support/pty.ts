// Runs the built CLI in a real pseudo-terminal, through util-linux `script` (no native
// dependency): stdin, stdout and stderr are all the terminal, as for a person typing.
// screenLines() replays what a terminal would show, so tests can assert on what the person
// sees (a progress line that was cleared is gone; one that ran into a log line is not).
import { spawn, spawnSync } from 'node:child_process';
import { CLI_ENTRY, NODE_BIN, REPO_ROOT } from './cli.js';

/** util-linux `script` is installed (it is on Debian/Ubuntu images and GitHub's runners). */
export const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux') === true;

export interface PtyResult {
  code: number | null;
  /** Everything the terminal received, escape sequences included. */
  raw: string;
}

const ESC = '\u001b';

function quote(arg: string): string {
  return `'${arg.replaceAll("'", "'\\''")}'`;
}

/** `orgplane ARGS` on a terminal; `input` is typed (the terminal buffers it until read). */
export function runInPty(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string; timeoutMs?: number } = {},
): Promise<PtyResult> {
  const command = [NODE_BIN, CLI_ENTRY, ...args].map(quote).join(' ');
  // -q quiet, -f flush each write, -e the command's exit code, -c the command; no typescript file.
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, TERM: 'xterm-256color', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, raw });
    });
  });
}

/**
 * The lines a terminal shows after receiving `raw`: carriage return, erase line (CSI 2K),
 * cursor to column (CSI n G), erase below (CSI 0J) are replayed; colours are dropped.
 */
export function screenLines(raw: string): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  let cursor = 0;
  const tokens = raw.match(new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]|\r|\n|[^${ESC}\r\n]`, 'gu')) ?? [];
  for (const token of tokens) {
    if (token === '\n') {
      lines.push(line.join(''));
      line = [];
      cursor = 0;
    } else if (token === '\r') {
      cursor = 0;
    } else if (token.startsWith('\u001b[')) {
      const n = Number(token.slice(2, -1) || '0');
      const op = token.at(-1);
      if (op === 'K' && n === 2) line = [];
      else if (op === 'K' && n === 0) line = line.slice(0, cursor);
      else if (op === 'G') cursor = Math.max(0, (n || 1) - 1);
      else if (op === 'J') line = line.slice(0, cursor);
    } else {
      while (line.length < cursor) line.push(' ');
      line[cursor] = token;
      cursor += 1;
    }
  }
  if (line.length > 0) lines.push(line.join(''));
  return lines;
}
