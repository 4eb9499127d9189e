// The import stage: live organization → manifests that plan to no change.
export { importOrganization } from './import.js';
export { buildManifests } from './build.js';
export { checkOutDir, writeFiles, schemaCopy, schemaRefFor, SCHEMA_FILE } from './write.js';
export { slugify } from './slug.js';
export { ImportError } from './errors.js';
export type { BuildOptions, BuildResult, ImportedFile, ImportOptions, ImportResult, ImportSummary } from './types.js';
