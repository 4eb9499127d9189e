// `orgplane import --out DIR`: write manifests describing the live organization.
// Exit codes (DESIGN.md): 0 written, 1 error (nothing read or written that could mislead).
import type { AdminClient } from '../../api/index.js';
import { importOrganization, type ImportResult } from '../../import/index.js';
import { terminalProgress } from '../../live/index.js';
import { stderrStatus } from '../../logging/terminal.js';
import { logRateLimitSummary } from '../pacing.js';
import { addApiOptions, CommandRun, type ApiCliOptions, type RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

interface ImportCommandOptions extends ApiCliOptions {
  out: string;
  force?: boolean;
}

export const registerImport: RegisterCommand = (program, setExitCode) => {
  const command = program
    .command('import')
    .description('Write manifests describing the live organization (plan on them shows no change)')
    .option('--out <dir>', 'folder to write the manifests to (must be empty)', 'policies')
    .option('--force', 'write into a folder that is not empty, replacing files of the same name');
  addApiOptions(command, { timeout: true }).action(async (options: ImportCommandOptions) => {
    setExitCode(await runImportCommand(options));
  });
};

async function runImportCommand(options: ImportCommandOptions): Promise<number> {
  const run = new CommandRun(options.logFormat);
  const { logger } = run;
  let api: AdminClient | undefined;
  const progress = terminalProgress(stderrStatus(), { logger, pacing: () => api?.pacingProgress() });
  try {
    api = run.connect(options).api;
    const result = await importOrganization(api, {
      outDir: options.out,
      force: options.force === true,
      logger,
      onProgress: progress.update,
    });
    progress.finish();
    logRateLimitSummary(api, logger);
    process.stdout.write(summarize(result));
    return EXIT.ok;
  } catch (error) {
    progress.finish();
    if (api !== undefined) logRateLimitSummary(api, logger);
    return run.fail(error, 'import failed');
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function summarize(result: ImportResult): string {
  const s = result.summary;
  const lines = [
    `Imported into ${result.outDir}: ${plural(result.files.length, 'file')}`,
    `  ${plural(s.members, 'member')} (+${plural(s.pendingInvites, 'pending invite')}), ${plural(s.groups, 'group')}, ` +
      `${plural(s.roles, 'custom role')}, ${plural(s.certificates, 'certificate')}, ` +
      `${plural(s.projects, 'project')} (+${s.archivedProjects} archived)`,
    `  read ${plural(result.read.objects, 'object')} in ${plural(result.read.requests, 'request')}`,
    ...s.skipped.map((reason) => `  left out: ${reason}`),
    `Next: orgplane plan --config ${result.outDir}  (should show no changes)`,
  ];
  return `${lines.join('\n')}\n`;
}
