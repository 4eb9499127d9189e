import { OrgplaneError } from '../errors.js';
import type { Problem, ProblemCode } from '../manifest/types.js';
import type { SourceLocation } from '../model/types.js';

/** The manifest loader's Problem, so the CLI prints and annotates both alike. */
export interface PlanProblem extends Problem {
  /** The name the problem is about (e.g. the unknown role), to match it with loader positions. */
  subject?: string;
}

/** The manifests cannot be planned (e.g. an unknown role); each problem names its line. */
export class PlanError extends OrgplaneError {
  readonly problems: readonly PlanProblem[];
  constructor(problems: readonly PlanProblem[]) {
    super(problems.length === 1 ? (problems[0]?.message ?? 'plan failed') : `${problems.length} problems prevent planning`);
    this.problems = problems;
  }
}

/** A saved plan that cannot be read back (bad JSON, schema mismatch, other format version). */
export class PlanFormatError extends OrgplaneError {}

export function problemAt(source: SourceLocation | undefined, code: ProblemCode, message: string, subject?: string): PlanProblem {
  return {
    ...(subject !== undefined ? { subject } : {}),
    file: source?.file ?? '<manifests>',
    line: source?.line ?? 0,
    column: source?.column ?? 0,
    message,
    severity: 'error',
    code,
  };
}

/** `path:line:col error: message`, the form editors and CI annotate (as the manifest loader's). */
export function formatPlanProblem(problem: PlanProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return `${where} ${problem.severity}: ${problem.message}`;
}
