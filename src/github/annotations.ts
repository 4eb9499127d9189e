// Validation problems and policy findings → check-run annotations. Problems name files
// relative to the config folder; GitHub wants paths relative to the repository root.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Problem } from '../manifest/types.js';
import type { Plan } from '../plan/types.js';
import type { CheckAnnotation } from './types.js';

/** The Checks API takes at most 50 annotations per request; more go in later updates. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** The config folder relative to the repository root, with forward slashes ("." for the root). */
export function configDirFromRepoRoot(configDir: string, repoRoot: string, cwd: string = process.cwd()): string {
  const absolute = isAbsolute(configDir) ? configDir : resolve(cwd, configDir);
  const fromRoot = relative(resolve(repoRoot), absolute);
  return fromRoot === '' ? '.' : fromRoot.split(sep).join('/');
}

export function repoPath(configKey: string, file: string): string {
  if (file === '.' || file === '') {
    return configKey;
  }
  return configKey === '.' ? file : `${configKey}/${file}`;
}

export function problemAnnotation(problem: Problem, configKey: string): CheckAnnotation {
  // Line 0 means "the whole file": annotate its first line.
  const line = Math.max(1, problem.line);
  return {
    path: repoPath(configKey, problem.file),
    start_line: line,
    end_line: line,
    // Columns are only allowed when start and end share a line, as they do here.
    ...(problem.line >= 1 && problem.column >= 1 ? { start_column: problem.column, end_column: problem.column } : {}),
    annotation_level: problem.severity === 'error' ? 'failure' : 'warning',
    message: problem.message,
    title: `orgplane: ${problem.code}`,
  };
}

export function findingAnnotations(plan: Plan | undefined, configKey: string): CheckAnnotation[] {
  const annotations: CheckAnnotation[] = [];
  for (const finding of plan?.findings ?? []) {
    if (finding.source === undefined) {
      continue;
    }
    const line = Math.max(1, finding.source.line);
    annotations.push({
      path: repoPath(configKey, finding.source.file),
      start_line: line,
      end_line: line,
      annotation_level: 'warning',
      message: finding.message,
      title: `orgplane policy: ${finding.rule}`,
    });
  }
  return annotations;
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}
