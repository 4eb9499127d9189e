// What the loader refuses to read, and how it walks the folder. Built in temporary folders
// because symbolic links and a 50 MB file do not belong in the repository.
import { mkdir, mkdtemp, open, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem, loadManifests } from '../../src/manifest/index.js';

const ORG = 'apiVersion: orgplane/v1\nkind: Organization\nspec:\n  members:\n    - email: ada@example.com\n      role: owner\n';
const PROJECT = 'apiVersion: orgplane/v1\nkind: Project\nmetadata:\n  name: search\n';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';

let base: string;
let config: string;

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'orgplane-files-'));
  config = path.join(base, 'config');
  await mkdir(config);
  await mkdir(path.join(base, 'outside'));
  await writeFile(path.join(config, 'org.yaml'), ORG);
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function problems(options?: Parameters<typeof loadManifests>[1]): Promise<string[]> {
  const result = await loadManifests(config, options);
  return [...result.errors, ...result.warnings].map(formatProblem);
}

describe('symbolic links', () => {
  it('refuses a link to a manifest outside the config folder', async () => {
    await writeFile(path.join(base, 'outside', 'secret.yaml'), PROJECT);
    await symlink(path.join(base, 'outside', 'secret.yaml'), path.join(config, 'search.yaml'));
    expect(await problems()).toEqual([
      'search.yaml:1:1 error: symbolic link points outside the config folder; refusing to read it (copy the file into the folder instead)',
    ]);
  });

  it('refuses a link to a folder outside the config folder', async () => {
    await writeFile(path.join(base, 'outside', 'search.yaml'), PROJECT);
    await symlink('../outside', path.join(config, 'projects'));
    const result = await loadManifests(config);
    expect(result.errors.map(formatProblem)).toEqual([
      'projects:1:1 error: symbolic link points outside the config folder; refusing to read it (copy the file into the folder instead)',
    ]);
    expect(result.files).toEqual(['org.yaml']);
  });

  it('follows a link inside the folder, and a link back to the folder itself does not loop', async () => {
    await mkdir(path.join(config, 'real'));
    await writeFile(path.join(config, 'real', 'search.yaml'), PROJECT);
    await symlink('real', path.join(config, 'projects'));
    await symlink('.', path.join(config, 'loop'));
    const result = await loadManifests(config);
    expect(result.errors).toEqual([]);
    // real/ and its alias projects/ are the same folder: walked once, in sorted order
    expect(result.files).toEqual(['org.yaml', 'projects/search.yaml']);
  });

  it('reports a broken link', async () => {
    await symlink(path.join(base, 'nowhere.yaml'), path.join(config, 'gone.yaml'));
    expect(await problems()).toEqual(['gone.yaml:1:1 error: broken symbolic link: its target does not exist']);
  });

  it('refuses a certificate that is a link leading outside the folder', async () => {
    await writeFile(path.join(base, 'outside', 'corp.pem'), PEM);
    await mkdir(path.join(config, 'certs'));
    await symlink(path.join(base, 'outside', 'corp.pem'), path.join(config, 'certs', 'corp.pem'));
    await writeFile(path.join(config, 'org.yaml'), `${ORG}  certificates:\n    - name: corp\n      file: certs/corp.pem\n`);
    expect(await problems()).toEqual(['org.yaml:9:13 error: certificate file "certs/corp.pem" is a symbolic link leading outside the config folder']);
  });
});

describe('certificates', () => {
  it('refuses a certificate file that also holds a private key', async () => {
    // Built here rather than committed: secret scanners rightly flag any private-key block.
    const keyBlock = ['-----BEGIN', 'PRIVATE KEY-----\nMIIE\n-----END', 'PRIVATE KEY-----\n'].join(' ');
    await mkdir(path.join(config, 'certs'));
    await writeFile(path.join(config, 'certs', 'corp.pem'), PEM + keyBlock);
    await writeFile(path.join(config, 'org.yaml'), `${ORG}  certificates:\n    - name: corp\n      file: certs/corp.pem\n`);
    expect(await problems()).toEqual(['org.yaml:9:13 error: certificate file "certs/corp.pem" contains a private key; keep only the certificate in the repository']);
  });

  it.each([['PGP', 'PGP PRIVATE KEY BLOCK'], ['OpenSSH', 'OPENSSH PRIVATE KEY'], ['lower-case armor', 'private key']])(
    'refuses a certificate file that also holds a %s private key block',
    async (_kind, label) => {
      const keyBlock = ['-----BEGIN', `${label}-----\nMIIE\n-----END`, `${label}-----\n`].join(' ');
      await mkdir(path.join(config, 'certs'));
      await writeFile(path.join(config, 'certs', 'corp.pem'), PEM + keyBlock);
      await writeFile(path.join(config, 'org.yaml'), `${ORG}  certificates:\n    - name: corp\n      file: certs/corp.pem\n`);
      expect(await problems()).toEqual(['org.yaml:9:13 error: certificate file "certs/corp.pem" contains a private key; keep only the certificate in the repository']);
    },
  );

  it('reads a PEM certificate next to the manifest into the desired state', async () => {
    await mkdir(path.join(config, 'certs'));
    await writeFile(path.join(config, 'certs', 'corp.pem'), PEM);
    await writeFile(path.join(config, 'org.yaml'), `${ORG}  certificates:\n    - name: corp\n      file: certs/corp.pem\n`);
    const { desired } = await loadManifests(config);
    expect(desired?.org.certificates?.get('corp')).toMatchObject({ name: 'corp', content: PEM, file: 'certs/corp.pem', active: false });
  });
});

describe('size limit', () => {
  it('refuses a 50 MB manifest without reading it', async () => {
    // A sparse file: 50 MB by size, nothing written, so the test costs no disk or memory.
    const handle = await open(path.join(config, 'dump.yaml'), 'w');
    await handle.truncate(50 * 1024 * 1024);
    await handle.close();
    const result = await loadManifests(config);
    expect(result.errors.map(formatProblem)).toEqual([
      'dump.yaml:1:1 error: file is 50 MiB, over the 5 MiB limit for a manifest; refusing to read it',
    ]);
    expect(result.errors[0]?.code).toBe('file-too-large');
    expect(result.desired).toBeUndefined();
  });

  it('takes the limit from the options', async () => {
    await writeFile(path.join(config, 'search.yaml'), PROJECT);
    expect(await problems({ maxFileBytes: 64 })).toEqual([
      `org.yaml:1:1 error: file is ${Buffer.byteLength(ORG)} bytes, over the 64 bytes limit for a manifest; refusing to read it`,
    ]);
  });
});

describe('the folder', () => {
  it('reports a missing config folder', async () => {
    const result = await loadManifests(path.join(base, 'nope'));
    expect(result.errors.map((p) => [p.code, p.file, p.message])).toEqual([['config-folder', '.', `config folder "${path.join(base, 'nope')}" does not exist`]]);
  });

  it('reports a folder without manifests', async () => {
    await rm(path.join(config, 'org.yaml'));
    await writeFile(path.join(config, 'README.md'), '# not a manifest\n');
    const result = await loadManifests(config);
    expect(result.errors.map((p) => p.code)).toEqual(['no-manifests']);
  });

  it('reads .yml and .yaml below subfolders in sorted order, and skips dot folders such as .github', async () => {
    await mkdir(path.join(config, 'projects', 'b'), { recursive: true });
    await writeFile(path.join(config, 'projects', 'b', 'two.yml'), PROJECT.replace('search', 'two'));
    await writeFile(path.join(config, 'projects', 'a.yaml'), PROJECT.replace('search', 'one'));
    await mkdir(path.join(config, '.github', 'workflows'), { recursive: true });
    await writeFile(path.join(config, '.github', 'workflows', 'ci.yaml'), 'on: push\n');
    const result = await loadManifests(config);
    expect(result.errors).toEqual([]);
    expect(result.files).toEqual(['org.yaml', 'projects/a.yaml', 'projects/b/two.yml']);
  });

  it('reports every broken file, not only the first', async () => {
    await writeFile(path.join(config, 'a.yaml'), 'kind: [\n');
    await writeFile(path.join(config, 'b.yaml'), Buffer.from([0x6b, 0x3a, 0x20, 0xff, 0x0a]));
    await writeFile(path.join(config, 'c.yaml'), `${PROJECT}  namee: x\n`);
    const result = await loadManifests(config);
    expect(result.errors.map((p) => `${p.file}:${p.line}:${p.column} ${p.code}`)).toEqual([
      'a.yaml:2:1 yaml-syntax',
      'b.yaml:1:4 encoding',
      'c.yaml:5:3 unknown-field',
    ]);
  });
});

describe('YAML syntax errors', () => {
  it('reports the first cause of a stray indented line, then how many errors follow from it', async () => {
    const members = Array.from({ length: 40 }, (_, i) => `    - email: user${i}@example.com\n      role: reader\n`).join('');
    await writeFile(path.join(config, 'org.yaml'), `  stray\napiVersion: orgplane/v1\nkind: Organization\nspec:\n  members:\n${members}`);
    const reported = await problems();
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatch(/^org\.yaml:1:3 error: invalid YAML: .+ \(and \d{2,} more YAML errors after it in this document, most likely caused by this one: fix it and validate again\)$/);
  });

  it('reports one syntax error without a count', async () => {
    await writeFile(path.join(config, 'org.yaml'), `${ORG}    - [\n`);
    const reported = await problems();
    expect(reported).toHaveLength(1);
    expect(reported[0]).not.toContain('more YAML error');
  });
});

describe('alias limit', () => {
  it('accepts a few aliases and takes the cap from the options', async () => {
    const withAliases = 'apiVersion: orgplane/v1\nkind: Project\nmetadata:\n  name: search\nspec:\n  roles:\n    - name: a\n      permissions: &p [api.model.request]\n    - name: b\n      permissions: *p\n';
    await writeFile(path.join(config, 'search.yaml'), withAliases);
    expect(await problems()).toEqual([]);
    const capped = await problems({ maxAliasCount: 0 });
    expect(capped).toHaveLength(1);
    expect(capped[0]).toMatch(/^search\.yaml:10:20 error: too many YAML alias expansions \(limit 0\)/);
  });
});
