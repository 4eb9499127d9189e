import type { Logger } from '../logging/logger.js';
import type { ReadProgress } from '../live/index.js';

/** One file `import` writes, relative to the output folder (forward slashes). */
export interface ImportedFile {
  path: string;
  content: string;
}

export interface BuildOptions {
  /** Value of the `# yaml-language-server: $schema=` line, per file path (relative paths differ by depth). */
  schemaRef: (file: string) => string;
  /** Pending invites that expired by now are not imported. Default: the current time. */
  now?: Date;
}

/** What was imported, for the command's summary line and the log. */
export interface ImportSummary {
  members: number;
  pendingInvites: number;
  groups: number;
  roles: number;
  certificates: number;
  projects: number;
  archivedProjects: number;
  /** Things left out on purpose, each with why (duplicate names, missing certificate content…). */
  skipped: string[];
}

export interface BuildResult {
  files: ImportedFile[];
  summary: ImportSummary;
}

export interface ImportOptions {
  /** Output folder; must be empty or absent unless `force`. */
  outDir: string;
  /** Write into a non-empty folder, replacing files of the same name. Default false. */
  force?: boolean;
  /** Default: a silent logger. */
  logger?: Logger;
  onProgress?: (progress: ReadProgress) => void;
  now?: Date;
}

export interface ImportResult extends BuildResult {
  outDir: string;
  read: { objects: number; requests: number };
}
