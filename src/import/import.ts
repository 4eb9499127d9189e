// `orgplane import`: read everything manageable from the live organization and write
// manifests that describe it, so that a plan on them shows no change.
import type { AdminApi } from '../api/admin-api.js';
import { fullReadScope, readLiveState } from '../live/index.js';
import type { ReadOptions } from '../live/index.js';
import { silentLogger } from '../logging/logger.js';
import { buildManifests } from './build.js';
import { checkOutDir, schemaCopy, schemaRefFor, writeFiles } from './write.js';
import type { ImportOptions, ImportResult } from './types.js';

export async function importOrganization(api: AdminApi, options: ImportOptions): Promise<ImportResult> {
  const logger = options.logger ?? silentLogger();
  // Fail before spending any request when the output folder is unusable.
  await checkOutDir(options.outDir, options.force ?? false);
  const readOptions: ReadOptions = { logger };
  if (options.onProgress !== undefined) readOptions.onProgress = options.onProgress;
  const live = await readLiveState(api, fullReadScope({ certificateContent: true }), readOptions);
  const built = buildManifests(live, {
    schemaRef: schemaRefFor,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  await writeFiles(options.outDir, [...built.files, schemaCopy()]);
  for (const reason of built.summary.skipped) logger.warn({ reason }, 'import left something out');
  logger.info(
    { outDir: options.outDir, files: built.files.length, requests: live.stats.requests, objects: live.stats.objects },
    'organization imported',
  );
  return {
    ...built,
    outDir: options.outDir,
    read: { objects: live.stats.objects, requests: live.stats.requests },
  };
}
