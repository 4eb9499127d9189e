// Writing the imported manifests: refuse to mix them into a folder that holds something,
// unless told to (--force), so an import never silently clobbers a configuration.
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_URL } from '../manifest/index.js';
import { ImportError } from './errors.js';
import type { ImportedFile } from './types.js';

export async function checkOutDir(outDir: string, force: boolean): Promise<void> {
  let entries: string[];
  try {
    const info = await stat(outDir);
    if (!info.isDirectory()) throw new ImportError(`${outDir} exists and is not a folder: choose another --out`);
    entries = await readdir(outDir);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    if ((error as { code?: unknown }).code === 'ENOENT') return;
    throw new ImportError(`cannot read ${outDir}: ${(error as Error).message}`, { cause: error });
  }
  if (entries.length > 0 && !force) {
    throw new ImportError(
      `${outDir} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}): choose an empty folder, or pass --force to write into it`,
    );
  }
}

export async function writeFiles(outDir: string, files: readonly ImportedFile[]): Promise<void> {
  for (const file of files) {
    const target = path.join(outDir, ...file.path.split('/'));
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, file.content, 'utf8');
    } catch (error) {
      throw new ImportError(`cannot write ${target}: ${(error as Error).message}`, { cause: error });
    }
  }
}

/**
 * The `$schema` reference of a file written under outDir: a relative path to orgplane's
 * schema when both live in one tree (editors resolve it offline), else the schema's $id.
 */
export function schemaRefFor(outDir: string, schemaId: string): (file: string) => string {
  const schemaPath = fileURLToPath(SCHEMA_URL);
  return (file) => {
    const from = path.dirname(path.resolve(outDir, ...file.split('/')));
    const relative = path.relative(from, schemaPath);
    const ups = relative.split(path.sep).filter((part) => part === '..').length;
    // Climbing to the filesystem root means the two are unrelated: a path would not travel.
    const depth = from.split(path.sep).filter(Boolean).length;
    if (path.isAbsolute(relative) || ups >= depth) return schemaId;
    return relative.split(path.sep).join('/');
  };
}
