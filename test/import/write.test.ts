import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportError, importOrganization, schemaRefFor, slugify } from '../../src/import/index.js';
import { fakeApi } from '../live/fake-api.js';
import { richOrg } from '../live/fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'orgplane-import-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('import output folder', () => {
  it('refuses a folder that is not empty, before any request', async () => {
    await writeFile(path.join(dir, 'notes.txt'), 'mine');
    const api = fakeApi(richOrg());
    const attempt = importOrganization(api, { outDir: dir });
    await expect(attempt).rejects.toBeInstanceOf(ImportError);
    await expect(attempt).rejects.toThrow(/is not empty .*--force/);
    expect(api.calls).toEqual([]);
    expect(await readFile(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('writes into a non-empty folder with force, keeping unrelated files', async () => {
    await writeFile(path.join(dir, 'notes.txt'), 'mine');
    await importOrganization(fakeApi(richOrg()), { outDir: dir, force: true });
    expect(await readFile(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await readFile(path.join(dir, 'org.yaml'), 'utf8')).toContain('kind: Organization');
  });

  it('creates a folder that does not exist', async () => {
    const out = path.join(dir, 'a', 'b');
    await importOrganization(fakeApi(richOrg()), { outDir: out });
    expect(await readFile(path.join(out, 'policy.yaml'), 'utf8')).toContain('kind: Policy');
  });

  it('refuses a path that is a file', async () => {
    const file = path.join(dir, 'file');
    await writeFile(file, '');
    await expect(importOrganization(fakeApi(richOrg()), { outDir: file })).rejects.toThrow('is not a folder');
  });

  it('writes nothing when the live read fails', async () => {
    const out = path.join(dir, 'out');
    await mkdir(out);
    const api = fakeApi(richOrg(), { fail: { listGroups: { error: new Error('HTTP 503') } } });
    await expect(importOrganization(api, { outDir: out })).rejects.toThrow('could not read groups: HTTP 503');
    await expect(readFile(path.join(out, 'org.yaml'), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});

describe('slugify and schema references', () => {
  it('makes file-safe slugs', () => {
    expect(slugify('Search & Ranking (EU)')).toBe('search-ranking-eu');
    expect(slugify('Café')).toBe('cafe');
    expect(slugify('***')).toBe('unnamed');
  });

  it('points at the schema copy in the output folder, whatever the depth', () => {
    expect(schemaRefFor('org.yaml')).toBe('orgplane.schema.json');
    expect(schemaRefFor('projects/a.yaml')).toBe('../orgplane.schema.json');
    expect(schemaRefFor('groups/ml/x.yaml')).toBe('../../orgplane.schema.json');
  });
});
