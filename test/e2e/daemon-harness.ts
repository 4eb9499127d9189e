// Runs `orgplane daemon` as a real child process and reads its pino JSON log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI_ENTRY, NODE_BIN, REPO_ROOT } from '../support/cli.js';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface DaemonProcess {
  child: ChildProcess;
  logs(): LogLine[];
  /** Resolves with the first log line (from `from` on) matching; rejects on exit or timeout. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number, from?: number): Promise<LogLine>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startDaemonProcess(args: readonly string[], env: Record<string, string>): DaemonProcess {
  const child = spawn(NODE_BIN, [CLI_ENTRY, 'daemon', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ORGPLANE_LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let buffer = '';
  let raw = '';
  const listeners = new Set<() => void>();
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    raw += chunk;
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const part of parts) {
      if (part.trim() === '') continue;
      try {
        lines.push(JSON.parse(part) as LogLine);
      } catch {
        lines.push({ level: 0, msg: part });
      }
    }
    for (const l of listeners) l();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      for (const l of listeners) l();
      resolve({ code, signal });
    });
  });
  return {
    child,
    logs: () => lines,
    exited,
    waitForLog: (predicate, timeoutMs = 15_000, from = 0) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = lines.slice(from).find(predicate);
          if (found) {
            done();
            resolve(found);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`daemon exited before the expected log line; stderr:\n${raw}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for a log line; stderr:\n${raw.slice(-4000)}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    stop: async (signal = 'SIGTERM') => {
      const start = Date.now();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const result = await exited;
      return { ...result, ms: Date.now() - start };
    },
  };
}

export const tempDir = (prefix: string): string => mkdtempSync(path.join(tmpdir(), `orgplane-${prefix}-`));

/** A copy of the shipped policies/ with drift.selfHeal set as asked. */
export function copyPolicies(into: string): string {
  cpSync(path.join(REPO_ROOT, 'policies'), into, { recursive: true });
  return into;
}

export interface Receiver {
  url: string;
  bodies: { text: string; alert?: { eventId: string; eventType: string; targets: { address: string }[] }; notice?: unknown }[];
  close(): Promise<void>;
}

/** A loopback HTTP receiver for the alert webhook. */
export async function startReceiver(): Promise<Receiver> {
  const bodies: Receiver['bodies'] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(data) as Receiver['bodies'][number]);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export const isMsg = (msg: string) => (line: LogLine): boolean => line.msg === msg;
