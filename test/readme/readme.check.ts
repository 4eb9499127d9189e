// README.md's shell commands, copy-pasted and run (`npm run check:readme`; .ci/run runs it). Every ```sh block carries a marker on
// the line before it saying where it runs:
//   <!-- readme-check: clone -->   in a copy of the repository (its tracked files), as after `git clone`
//   <!-- readme-check: empty -->   in an empty folder, `orgplane` on PATH, the admin key of an emulator
//   <!-- readme-check: skip (why) -->
// A block without a marker fails this test, so a new command cannot slip in unchecked.
// Single commands that cannot run here are listed in SKIPPED_COMMANDS with the reason.
// npm runs offline (the cache `npm ci` filled); the only network is 127.0.0.1.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY, NODE_BIN, REPO_ROOT } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { pathWithNode } from '../support/install.js';

const run = promisify(execFile);

/** Commands that are shown for people but cannot run in this check, and why. */
const SKIPPED_COMMANDS: Record<string, string> = {
  'npm ci && npm test': 'the test suite itself: this check runs inside it',
  'npm install -g ./orgplane-0.1.0.tgz':
    'resolves dependency versions from the npm registry; test/e2e/install.test.ts installs the same tarball offline',
};

interface Block {
  line: number;
  mode: string;
  commands: string[];
}

/** Each ```sh block: its marker and its commands (continuation lines joined, comments dropped). */
function readmeBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i]!.trim() !== '```sh') continue;
    const marker = /<!--\s*readme-check:\s*(.+?)\s*-->/.exec(lines[i - 1] ?? '')?.[1] ?? 'unmarked';
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j]!.trim() !== '```'; j += 1) body.push(lines[j]!);
    const commands = body
      .join('\n')
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((command) => command.replace(/\s+#\s.*$/, '').trim())
      .filter((command) => command !== '' && !command.startsWith('#'));
    blocks.push({ line: i + 1, mode: marker, commands });
    i = j;
  }
  return blocks;
}

/** Why a command cannot run as written, or undefined when it can. */
function skipReason(command: string): string | undefined {
  if (SKIPPED_COMMANDS[command] !== undefined) return SKIPPED_COMMANDS[command];
  if (/…|<[a-z-]+>/.test(command)) return 'holds a placeholder for the reader to fill in';
  return undefined;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const blocks = readmeBlocks(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8'));

describe('README.md commands', () => {
  let tmp: string;
  let emu: TestEmulator;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'orgplane-readme-'));
    // `orgplane` as a user has it on PATH: this checkout's build (install.test.ts checks the packed bin).
    const bin = path.join(tmp, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'orgplane'), `#!/bin/sh\nexec "${NODE_BIN}" "${CLI_ENTRY}" "$@"\n`);
    chmodSync(path.join(bin, 'orgplane'), 0o755);
    emu = await startTestEmulator();
    env = {
      PATH: `${bin}${path.delimiter}${pathWithNode()}`,
      HOME: tmp,
      TMPDIR: process.env.TMPDIR,
      NO_COLOR: '1',
      npm_config_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      npm_config_cache: process.env.npm_config_cache ?? path.join(process.env.HOME ?? '/root', '.npm'),
      ...emu.env(),
    };
  });

  afterAll(async () => {
    await emu?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  it('says for every shell block how it is checked', () => {
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.filter((block) => !/^(clone|empty|skip \(.+\))$/.test(block.mode)).map((block) => `README.md:${block.line}`)).toEqual([]);
  });

  for (const block of blocks.filter((b) => b.mode === 'clone' || b.mode === 'empty')) {
    const runnable = block.commands.filter((command) => skipReason(command) === undefined);
    const skipped = block.commands.filter((command) => skipReason(command) !== undefined).map((command) => `${command} (${skipReason(command)})`);
    it(`runs the block at README.md:${block.line} in ${block.mode === 'clone' ? 'a copy of the repository' : 'an empty folder'}${skipped.length > 0 ? `; skips ${skipped.join('; ')}` : ''}`, async () => {
      const cwd = path.join(tmp, `block-${block.line}`);
      mkdirSync(cwd);
      if (block.mode === 'clone') {
        const { stdout } = await run('git', ['ls-files', '-z'], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
        for (const file of stdout.split('\0').filter(Boolean)) {
          mkdirSync(path.dirname(path.join(cwd, file)), { recursive: true });
          cpSync(path.join(REPO_ROOT, file), path.join(cwd, file));
        }
      }
      const result = await bash(runnable.join('\n'), cwd, env, 280_000);
      expect(result.code, result.output.slice(-4000)).toBe(0);
    }, 300_000);
  }
});
