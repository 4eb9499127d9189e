// The configurations we ship must validate: the demo policies and the large example org,
// which must also be exactly what its generator produces.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadManifests } from '../../src/manifest/index.js';

const ROOT = new URL('../../', import.meta.url).pathname;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('policies/ (the demo organization)', () => {
  it('is valid without warnings', async () => {
    const result = await loadManifests(path.join(ROOT, 'policies'));
    expect([...result.errors, ...result.warnings].map(formatProblem)).toEqual([]);
    const { org, policy } = result.desired!;
    expect(org.members.size).toBeGreaterThanOrEqual(12);
    expect(org.groups?.size).toBe(3);
    expect(org.projects.size).toBe(4);
    // the demo's admin key belongs to ada: she must stay an owner, and protected
    expect(org.members.get('ada@acme.test')?.role).toBe('owner');
    expect(policy.safety.protected).toContain('ada@acme.test');
  });

  it('starts every file with the yaml-language-server schema line', async () => {
    for (const file of await listFiles(path.join(ROOT, 'policies'))) {
      const text = await readFile(path.join(ROOT, 'policies', file), 'utf8');
      const depth = file.split('/').length - 1;
      expect(text.split('\n')[0], file).toBe(`# yaml-language-server: $schema=${'../'.repeat(depth + 1)}schemas/orgplane.schema.json`);
    }
  });
});

describe('examples/large-org', () => {
  it('is valid and large', async () => {
    const result = await loadManifests(path.join(ROOT, 'examples/large-org'));
    expect([...result.errors, ...result.warnings].map(formatProblem)).toEqual([]);
    const { org } = result.desired!;
    expect(org.members.size).toBeGreaterThanOrEqual(300);
    expect(org.projects.size).toBeGreaterThanOrEqual(40);
    expect(org.groups?.size).toBeGreaterThanOrEqual(10);
  });

  it('is what examples/generate-large-org.mjs generates', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'orgplane-large-org-'));
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'examples/generate-large-org.mjs'), path.join(out, 'large-org')], { stdio: 'ignore' });
      const committed = path.join(ROOT, 'examples/large-org');
      const generated = path.join(out, 'large-org');
      const files = await listFiles(committed);
      expect(await listFiles(generated)).toEqual(files);
      for (const file of files) {
        const [a, b] = await Promise.all([readFile(path.join(committed, file), 'utf8'), readFile(path.join(generated, file), 'utf8')]);
        // the schema line is relative to where the files are written; the rest must match
        expect(b.replace(/\$schema=\S+/, ''), file).toBe(a.replace(/\$schema=\S+/, ''));
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
