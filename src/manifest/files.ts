// Finds and reads manifest files under the config folder: sorted, bounded in size,
// never leaving the folder through a symbolic link, strictly UTF-8.
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ProblemList } from './problems.js';

export interface ManifestFile {
  /** Relative to the config folder, forward slashes. */
  file: string;
  text: string;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml']);
// A problem about a whole file points at its start, so every line reads `path:line:col`.
const WHOLE_FILE = { line: 1, column: 1 } as const;

export function isManifestName(name: string): boolean {
  return MANIFEST_EXTENSIONS.has(path.extname(name).toLowerCase());
}

/** True when `candidate` (a real path) is `root` or below it. */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

/**
 * Lists manifest files below `root` (a real path), sorted by relative path. Entries whose
 * name starts with a dot (.git, .github…) are skipped: they hold other tools' YAML.
 */
export async function listManifestFiles(root: string, problems: ProblemList): Promise<{ file: string; real: string }[]> {
  const found: { file: string; real: string }[] = [];
  const visited = new Set<string>([root]);
  const walk = async (directory: string, relative: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      const where = relative === '' ? '.' : toPosix(relative);
      problems.error('file-read', { file: where, ...WHOLE_FILE }, `cannot read folder: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const entryPath = path.join(directory, entry.name);
      const entryRelative = toPosix(path.join(relative, entry.name));
      let real = entryPath;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        if (!isManifestName(entry.name) && !(await isDirectoryTarget(entryPath))) continue;
        try {
          real = await realpath(entryPath);
        } catch {
          problems.error('file-read', { file: entryRelative, ...WHOLE_FILE }, 'broken symbolic link: its target does not exist');
          continue;
        }
        if (!isInside(root, real)) {
          problems.error(
            'symlink-escape',
            { file: entryRelative, ...WHOLE_FILE },
            'symbolic link points outside the config folder; refusing to read it (copy the file into the folder instead)',
          );
          continue;
        }
        const target = await stat(real);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      }
      if (isDirectory) {
        if (visited.has(real)) continue; // a link back into a folder already walked
        visited.add(real);
        await walk(entryPath, path.join(relative, entry.name));
      } else if (isFile && isManifestName(entry.name)) {
        found.push({ file: entryRelative, real });
      }
    }
  };
  await walk(root, '');
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

async function isDirectoryTarget(linkPath: string): Promise<boolean> {
  try {
    return (await stat(linkPath)).isDirectory();
  } catch {
    return false;
  }
}

export type ReadOutcome =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: 'too-large'; size: number }
  | { ok: false; reason: 'unreadable'; message: string };

/** Reads a file only after checking its size, so a huge file is refused without loading it. */
export async function readBounded(filePath: string, maxBytes: number): Promise<ReadOutcome> {
  try {
    const info = await lstat(filePath).then((s) => (s.isSymbolicLink() ? stat(filePath) : s));
    if (info.size > maxBytes) return { ok: false, reason: 'too-large', size: info.size };
    const handle = await open(filePath, 'r');
    try {
      // Read at most maxBytes + 1 so a file that grew after stat is still caught.
      const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length === buffer.length) break;
      }
      if (length > maxBytes) return { ok: false, reason: 'too-large', size: length };
      return { ok: true, bytes: buffer.subarray(0, length) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, reason: 'unreadable', message: error instanceof Error ? error.message : String(error) };
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} bytes`;
}

/** Decodes strict UTF-8; on failure, the 1-based line and column of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; line: number; column: number } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    let lineStart = 0;
    let line = 1;
    for (let i = 0; i < offset; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
    return { ok: false, line, column: [...prefix].length + 1 };
  }
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
    }
    // Overlong forms and surrogates are invalid too.
    const second = bytes[i + 1] ?? 0;
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f) || (lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) {
      return i;
    }
    i += length;
  }
  return bytes.length;
}
