import type { DesiredState } from '../model/types.js';

export type Severity = 'error' | 'warning';

/** What kind of problem; stable strings that tests and tools may match on. */
export type ProblemCode =
  | 'config-folder'
  | 'no-manifests'
  | 'file-too-large'
  | 'symlink-escape'
  | 'file-read'
  | 'encoding'
  | 'yaml-syntax'
  | 'tab-indent'
  | 'duplicate-key'
  | 'alias-limit'
  | 'schema'
  | 'unknown-field'
  | 'missing-field'
  | 'duplicate'
  | 'conflict'
  | 'unknown-reference'
  | 'unknown-role'
  | 'certificate'
  | 'policy-rule';

/**
 * One finding, positioned in a manifest. Lines and columns are 1-based; a problem about a whole
 * file is at 1:1; one about the config folder itself has file "." and line and column 0.
 */
export interface Problem {
  /** Path relative to the config folder, forward slashes; "." for the folder itself. */
  file: string;
  line: number;
  column: number;
  message: string;
  severity: Severity;
  code: ProblemCode;
}

export interface LoadResult {
  /** Present only when there are no errors. */
  desired?: DesiredState;
  /** Sorted by file, line, column. */
  errors: Problem[];
  warnings: Problem[];
  /** Manifest files found (read or refused), relative to the config folder, sorted. */
  files: string[];
}

export interface LoadOptions {
  /** Source revision to stamp on the desired state (a git commit); default: sha256 of the manifests. */
  revision?: string;
  /** Largest manifest or certificate file read, in bytes; default 5 MiB. */
  maxFileBytes?: number;
  /** Cap on YAML alias expansions per document (billion-laughs guard); default 100. */
  maxAliasCount?: number;
}
