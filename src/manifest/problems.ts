import type { SourceLocation } from '../model/types.js';
import type { Problem, ProblemCode, Severity } from './types.js';

/** `path:line:col error: message` (line and column omitted when 0: the problem is the whole file). */
export function formatProblem(problem: Problem): string {
  // A problem about the config folder itself (file ".", line 0) has no place to name.
  if (problem.file === '.' && problem.line === 0) return `${problem.severity}: ${problem.message}`;
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return `${where} ${problem.severity}: ${problem.message}`;
}

/**
 * A GitHub Actions workflow command (`::error file=…,line=…,col=…::message`).
 * `pathPrefix` is the config folder relative to the repository root (e.g. "policies"), so
 * the annotation lands on the right file of the pull request.
 */
export function toGitHubAnnotation(problem: Problem, pathPrefix: string): string {
  const prefix = pathPrefix.replace(/\\/g, '/').replace(/\/+$/, '');
  const file = problem.file === '.' ? prefix || '.' : prefix && prefix !== '.' ? `${prefix}/${problem.file}` : problem.file;
  const properties = [`file=${escapeProperty(file)}`];
  if (problem.line > 0) properties.push(`line=${problem.line}`, `col=${problem.column}`);
  return `::${problem.severity} ${properties.join(',')}::${escapeData(problem.message)}`;
}

// Escaping rules of GitHub's workflow commands (actions/toolkit, command.ts).
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** `file:line:col` of a source location, for messages that point at another declaration. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** Collects problems as data; never throws, never stops at the first one. */
export class ProblemList {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];

  add(severity: Severity, code: ProblemCode, at: SourceLocation, message: string): void {
    const problem: Problem = { file: at.file, line: at.line, column: at.column, message, severity, code };
    (severity === 'error' ? this.errors : this.warnings).push(problem);
  }

  error(code: ProblemCode, at: SourceLocation, message: string): void {
    this.add('error', code, at, message);
  }

  warning(code: ProblemCode, at: SourceLocation, message: string): void {
    this.add('warning', code, at, message);
  }

  sorted(): { errors: Problem[]; warnings: Problem[] } {
    return { errors: dedupe([...this.errors].sort(compareProblems)), warnings: dedupe([...this.warnings].sort(compareProblems)) };
  }
}

function dedupe(problems: Problem[]): Problem[] {
  return problems.filter((p, i) => {
    const previous = problems[i - 1];
    return !(previous && compareProblems(previous, p) === 0 && previous.code === p.code);
  });
}
