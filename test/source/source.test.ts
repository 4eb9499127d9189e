import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitSource, openSource, parseSourceSpec, redactGitUrl } from '../../src/source/index.js';
import { createTempRepo } from './git-fixture.js';

const stateDir = (): string => mkdtempSync(path.join(tmpdir(), 'orgplane-state-'));

describe('parseSourceSpec', () => {
  it('tells git URLs from folders', () => {
    expect(parseSourceSpec('https://github.com/acme/org.git').kind).toBe('git');
    expect(parseSourceSpec('git@github.com:acme/org.git').kind).toBe('git');
    expect(parseSourceSpec('ssh://git@host/acme/org').kind).toBe('git');
    expect(parseSourceSpec('file:///tmp/repo', 'prod')).toEqual({ kind: 'git', url: 'file:///tmp/repo', ref: 'prod' });
    expect(parseSourceSpec('policies')).toEqual({ kind: 'folder', path: 'policies' });
    expect(parseSourceSpec('./c:/x').kind).toBe('folder');
  });

  it('strips credentials from a URL', () => {
    expect(redactGitUrl('https://x-access-token:ghp_secret@github.com/acme/org.git')).toBe('https://github.com/acme/org.git');
    expect(redactGitUrl('git@github.com:acme/org.git')).toBe('git@github.com:acme/org.git');
  });

  it('never shows an embedded token in its label', () => {
    const source = createGitSource({ url: 'https://u:ghp_secret@github.com/acme/org.git', stateDir: stateDir() });
    expect(source.label).toBe('https://github.com/acme/org.git@main');
  });
});

describe('git source', () => {
  it('checks out the head of the ref and follows new commits', async () => {
    const repo = createTempRepo();
    const first = repo.commit({ 'policies/org.yaml': 'a: 1\n' });
    const source = openSource({ source: repo.url, stateDir: stateDir(), configPath: 'policies' });
    const one = await source.sync();
    expect(one.revision).toBe(first);
    expect(readFileSync(path.join(one.configDir, 'org.yaml'), 'utf8')).toBe('a: 1\n');

    const again = await source.sync();
    expect(again).toEqual(one);

    const second = repo.commit({ 'policies/org.yaml': 'a: 2\n' });
    const two = await source.sync();
    expect(two.revision).toBe(second);
    expect(readFileSync(path.join(two.configDir, 'org.yaml'), 'utf8')).toBe('a: 2\n');
  });

  it('fetches at most once within maxAgeMs (the audit poll\'s short cache), and again once it is older', async () => {
    const repo = createTempRepo();
    const first = repo.commit({ 'org.yaml': 'a: 1\n' });
    let now = 1_000_000;
    const source = createGitSource({ url: repo.url, stateDir: stateDir(), clock: () => now });
    expect((await source.sync({ maxAgeMs: 10_000 })).revision).toBe(first);
    const second = repo.commit({ 'org.yaml': 'a: 2\n' });
    now += 9_000;
    // Fetched 9 s ago: reused, no fetch.
    expect((await source.sync({ maxAgeMs: 10_000 })).revision).toBe(first);
    now += 2_000;
    expect((await source.sync({ maxAgeMs: 10_000 })).revision).toBe(second);
    const third = repo.commit({ 'org.yaml': 'a: 3\n' });
    // A reconcile cycle (no maxAgeMs) always fetches.
    expect((await source.sync()).revision).toBe(third);
  });

  it('keeps the last good checkout across a restart and drops the others', async () => {
    const repo = createTempRepo();
    const state = stateDir();
    const good = repo.commit({ 'org.yaml': 'good\n' });
    const source = createGitSource({ url: repo.url, stateDir: state });
    await source.sync();
    await source.markGood(good);
    const bad = repo.commit({ 'org.yaml': 'bad\n' });
    expect((await source.sync()).revision).toBe(bad);

    const restarted = createGitSource({ url: repo.url, stateDir: state });
    const kept = await restarted.checkout(good);
    expect(kept?.revision).toBe(good);
    expect(readFileSync(path.join(kept!.configDir, 'org.yaml'), 'utf8')).toBe('good\n');

    const newer = repo.commit({ 'org.yaml': 'fixed\n' });
    await restarted.sync();
    await restarted.markGood(newer);
    expect(readdirSync(path.join(state, 'source', 'checkouts'))).toEqual([newer]);
  });

  it('answers undefined for a revision it never fetched', async () => {
    const repo = createTempRepo();
    repo.commit({ 'org.yaml': 'x\n' });
    const source = createGitSource({ url: repo.url, stateDir: stateDir() });
    await source.sync();
    expect(await source.checkout('0'.repeat(40))).toBeUndefined();
    expect(await source.checkout('not-a-commit')).toBeUndefined();
  });

  it('follows another branch with --ref', async () => {
    const repo = createTempRepo();
    repo.commit({ 'org.yaml': 'main\n' });
    const { execFileSync } = await import('node:child_process');
    execFileSync('git', ['checkout', '--quiet', '-b', 'prod'], { cwd: repo.dir });
    const prod = repo.commit({ 'org.yaml': 'prod\n' });
    const source = createGitSource({ url: repo.url, ref: 'prod', stateDir: stateDir() });
    expect((await source.sync()).revision).toBe(prod);
  });

  it('stores no remote URL or token in the state folder', async () => {
    const repo = createTempRepo();
    repo.commit({ 'org.yaml': 'x\n' });
    const state = stateDir();
    const source = createGitSource({ url: repo.url, stateDir: state, token: 'ghp_supersecret' });
    await source.sync();
    const config = readFileSync(path.join(state, 'source', 'repo.git', 'config'), 'utf8');
    expect(config).not.toContain('ghp_supersecret');
    expect(config).not.toContain('remote');
  });

  it('reports a fetch failure with a message and no credential', async () => {
    const source = createGitSource({
      url: 'file:///nonexistent/orgplane-repo',
      stateDir: stateDir(),
      token: 'ghp_supersecret',
    });
    const error = await source.sync().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/git fetch failed/);
    expect(error?.message).not.toContain('ghp_supersecret');
  });

  it('serves a folder source as is', async () => {
    const dir = stateDir();
    const source = openSource({ source: dir, stateDir: stateDir() });
    expect(await source.sync()).toEqual({ configDir: dir, revision: undefined });
    expect(existsSync(dir)).toBe(true);
  });
});

describe('git source credentials', () => {
  it('sends the token as an Authorization header, never in the URL, and keeps it out of errors', async () => {
    const seen: { url: string; auth: string | undefined }[] = [];
    const server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization });
      res.writeHead(404).end('nope');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const state = stateDir();
      const source = createGitSource({
        url: `http://127.0.0.1:${port}/acme/org.git`,
        stateDir: state,
        env: { ORGPLANE_GIT_TOKEN: 'ghp_fromenv' },
      });
      const error = await source.sync().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/git fetch failed/);
      expect(error?.message).not.toContain('ghp_fromenv');
      expect(seen.length).toBeGreaterThan(0);
      expect(seen[0]!.url).toMatch(/^\/acme\/org\.git\/info\/refs/);
      expect(seen[0]!.auth).toBe(`Basic ${Buffer.from('x-access-token:ghp_fromenv').toString('base64')}`);
      expect(readFileSync(path.join(state, 'source', 'repo.git', 'config'), 'utf8')).not.toContain('ghp_fromenv');
    } finally {
      server.close();
    }
  });
});
