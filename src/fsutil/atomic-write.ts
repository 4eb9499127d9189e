// Writing a file so that a reader (or the next run, after a crash) sees the old content or
// the new, never half of it: a temporary file in the same folder, written and fsynced, then
// renamed over the target (rename(2) replaces atomically within one file system). A failed
// write or rename removes its temporary file. Also the exclusive, synced create that step
// uses, for callers that must never replace a file (the secrets sink links it into place).
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface AtomicWriteOptions {
  /** Mode of the file when it is created (less the umask); default 0o666, as fs.writeFile. 0o600 for anything private. */
  mode?: number;
}

const DEFAULT_MODE = 0o666;

/** Beside the target (rename stays on one file system), unique per write: concurrent writers never share one. */
function temporaryPath(file: string): string {
  return `${file}.${randomBytes(6).toString('hex')}.tmp`;
}

/**
 * Creates `file` holding `text`, synced to disk. Exclusive (`wx`): fails with EEXIST rather
 * than replace a file or follow a symlink. A failed write leaves what was created to the caller.
 */
export async function writeNewFile(file: string, text: string, mode: number = DEFAULT_MODE): Promise<void> {
  const handle = await open(file, 'wx', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** writeNewFile, synchronously. */
export function writeNewFileSync(file: string, text: string, mode: number = DEFAULT_MODE): void {
  const fd = openSync(file, 'wx', mode);
  try {
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `file` with `text` atomically (creating its folder); the temporary file never outlives a failure. */
export async function writeFileAtomic(file: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = temporaryPath(file);
  try {
    await writeNewFile(temporary, text, options.mode ?? DEFAULT_MODE);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** writeFileAtomic, synchronously (for a save that must finish before the process goes on). */
export function writeFileAtomicSync(file: string, text: string, options: AtomicWriteOptions = {}): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = temporaryPath(file);
  try {
    writeNewFileSync(temporary, text, options.mode ?? DEFAULT_MODE);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
