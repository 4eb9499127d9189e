import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync, writeNewFile, writeNewFileSync } from '../../src/fsutil/atomic-write.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'orgplane-atomic-'));
const posix = process.platform !== 'win32';

describe.each([
  ['writeFileAtomic', (file: string, text: string, mode?: number) => writeFileAtomic(file, text, mode === undefined ? {} : { mode })],
  ['writeFileAtomicSync', // eslint-disable-next-line @typescript-eslint/require-await -- a throw becomes a rejection, as the async variant's
    async (file: string, text: string, mode?: number) => writeFileAtomicSync(file, text, mode === undefined ? {} : { mode })],
])('%s', (_name, write) => {
  it('creates the folder and the file, then replaces it whole, leaving no temporary file', async () => {
    const root = dir();
    const file = join(root, 'state', 'data.json');
    await write(file, 'first\n');
    await write(file, 'second\n');
    expect(readFileSync(file, 'utf8')).toBe('second\n');
    expect(readdirSync(join(root, 'state'))).toEqual(['data.json']);
  });

  it.runIf(posix)('creates the file with the mode asked for (0600 for private state)', async () => {
    const file = join(dir(), 'private.json');
    await write(file, '{}\n', 0o600);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps the old content and removes its temporary file when the rename fails', async () => {
    const root = dir();
    // A folder where the file should be: the rename fails after the temporary file is written.
    const file = join(root, 'target');
    mkdirSync(file);
    writeFileSync(join(file, 'inside'), 'old');
    await expect(write(file, 'new')).rejects.toThrow();
    expect(readdirSync(root)).toEqual(['target']);
    expect(readFileSync(join(file, 'inside'), 'utf8')).toBe('old');
  });
});

describe.each([
  ['writeNewFile', writeNewFile],
  ['writeNewFileSync', // eslint-disable-next-line @typescript-eslint/require-await -- a throw becomes a rejection, as the async variant's
    async (file: string, text: string, mode?: number) => writeNewFileSync(file, text, mode)],
])('%s', (_name, create) => {
  it('never replaces a file, nor writes through a symlink', async () => {
    const root = dir();
    const existing = join(root, 'key.json');
    writeFileSync(existing, 'the only copy');
    await expect(create(existing, 'other', 0o600)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(existing, 'utf8')).toBe('the only copy');
    if (posix) {
      const link = join(root, 'link.json');
      symlinkSync(join(root, 'elsewhere.json'), link);
      await expect(create(link, 'secret', 0o600)).rejects.toMatchObject({ code: 'EEXIST' });
      expect(readdirSync(root).sort()).toEqual(['key.json', 'link.json']);
    }
  });

  it.runIf(posix)('creates the file whole, with its mode', async () => {
    const file = join(dir(), 'new.json');
    await create(file, 'x'.repeat(100_000), 0o600);
    expect(readFileSync(file, 'utf8')).toHaveLength(100_000);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
