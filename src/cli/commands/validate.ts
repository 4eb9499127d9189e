// `orgplane validate`: schema and semantic checks of the manifests, offline (no API client).
import path from 'node:path';
import { Option } from 'commander';
import { formatProblem, loadManifests, toGitHubAnnotation } from '../../manifest/index.js';
import type { LoadResult } from '../../manifest/index.js';
import { addConfigOption, type RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

export type ValidateFormat = 'text' | 'json' | 'github';

interface ValidateOptions {
  config: string;
  format: ValidateFormat;
}

export const registerValidate: RegisterCommand = (program, setExitCode) => {
  addConfigOption(program.command('validate').description('Check manifests against the schema and each other; no API call'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'github']).default('text'))
    .action(async (options: ValidateOptions) => {
      const result = await loadManifests(options.config);
      process.stdout.write(renderValidation(result, options.config, options.format, process.cwd()));
      setExitCode(result.errors.length === 0 ? EXIT.ok : EXIT.error);
    });
};

/** The command's whole output for one result (exported for tests and the PR-check helper). */
export function renderValidation(result: LoadResult, configDir: string, format: ValidateFormat, cwd: string): string {
  const valid = result.errors.length === 0;
  const problems = [...result.errors, ...result.warnings];
  if (format === 'json') {
    return `${JSON.stringify({ valid, errors: result.errors, warnings: result.warnings, files: result.files }, null, 2)}\n`;
  }
  const lines =
    format === 'github'
      ? problems.map((p) => toGitHubAnnotation(p, repoRelative(configDir, cwd)))
      : problems.map((p) => formatProblem(p));
  lines.push(summary(result, configDir));
  return `${lines.join('\n')}\n`;
}

function repoRelative(configDir: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, configDir));
  return relative.split(path.sep).join('/') || '.';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function summary(result: LoadResult, configDir: string): string {
  const files = plural(result.files.length, 'file');
  const warnings = plural(result.warnings.length, 'warning');
  return result.errors.length === 0
    ? `${configDir}: valid (${files}, ${warnings})`
    : `${configDir}: ${plural(result.errors.length, 'error')}, ${warnings} in ${files}`;
}
