// The manifest stage: YAML manifests → validated, normalized desired state.
export { loadManifests, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_ALIAS_COUNT } from './load.js';
export { formatProblem, toGitHubAnnotation, compareProblems } from './problems.js';
export { compileSchema, loadSchema, SCHEMA_URL } from './schema.js';
export { ManifestError } from './errors.js';
export type { LoadOptions, LoadResult, Problem, ProblemCode, Severity } from './types.js';
