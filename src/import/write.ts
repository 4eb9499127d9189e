// Writing the imported manifests: refuse to mix them into a folder that holds something,
// unless told to (--force), so an import never silently clobbers a configuration.
import { readFileSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
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

/** Where import puts a copy of orgplane's manifest schema, relative to the output folder. */
export const SCHEMA_FILE = 'orgplane.schema.json';

/**
 * The `$schema` reference of a manifest written at `file` (relative to the output folder):
 * the schema copy in the output folder, by a relative path. Editors resolve it offline and
 * it travels with the repository; a path into wherever orgplane is installed (an npx cache,
 * a global prefix) or into a clone of orgplane would break on every other machine.
 */
export function schemaRefFor(file: string): string {
  const depth = file.split('/').length - 1;
  return `${'../'.repeat(depth)}${SCHEMA_FILE}`;
}

/** The schema copy written next to the manifests (the installed package's own schema). */
export function schemaCopy(): ImportedFile {
  return { path: SCHEMA_FILE, content: readFileSync(SCHEMA_URL, 'utf8') };
}
