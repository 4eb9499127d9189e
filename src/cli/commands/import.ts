// `orgplane import --out DIR`: write manifests describing the live organization.
// Exit codes (DESIGN.md): 0 written, 1 error (nothing read or written that could mislead).
import { Option } from 'commander';
import { createAdminClient, resolveClientOptions, type AdminClient } from '../../api/index.js';
import { importOrganization, type ImportResult } from '../../import/index.js';
import { terminalProgress } from '../../live/index.js';
import { stderrStatus } from '../../logging/terminal.js';
import { addPacingOptions, logRateLimitSummary, pacingClientOptions, type PacingCliOptions } from '../pacing.js';
import { warnOnStderr, type RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { baseUrlHint, commandOutput, reportError } from '../output.js';

interface ImportCommandOptions extends PacingCliOptions {
  out: string;
  force?: boolean;
  adminKeyFile?: string;
  baseUrl?: string;
  logFormat?: 'json' | 'pretty';
}

export const registerImport: RegisterCommand = (program, setExitCode) => {
  const command = program
    .command('import')
    .description('Write manifests describing the live organization (plan on them shows no change)')
    .option('--out <dir>', 'folder to write the manifests to (must be empty)', 'policies')
    .option('--force', 'write into a folder that is not empty, replacing files of the same name')
    .option('--admin-key-file <file>', 'read the admin key from this file instead of OPENAI_ADMIN_KEY')
    .option('--base-url <url>', 'Admin API root (default: OPENAI_BASE_URL or https://api.openai.com/v1)')
    .addOption(new Option('--log-format <format>', 'log format on stderr (default: pretty on a terminal, json otherwise)').choices(['json', 'pretty']));
  addPacingOptions(command, { timeout: true }).action(async (options: ImportCommandOptions) => {
    setExitCode(await runImportCommand(options));
  });
};

async function runImportCommand(options: ImportCommandOptions): Promise<number> {
  const output = commandOutput(options.logFormat);
  const { logger } = output;
  let api: AdminClient | undefined;
  const progress = terminalProgress(stderrStatus(), { logger, pacing: () => api?.pacingProgress() });
  let baseUrl: string | undefined;
  try {
    const clientOptions = resolveClientOptions({
      env: process.env,
      adminKeyFile: options.adminKeyFile,
      baseUrl: options.baseUrl,
      onWarning: warnOnStderr,
    });
    baseUrl = clientOptions.baseUrl;
    const hint = baseUrlHint(baseUrl);
    if (hint !== undefined) warnOnStderr(hint);
    api = createAdminClient({ ...clientOptions, ...pacingClientOptions(options), logger });
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
    reportError(output, error, 'import failed', baseUrl);
    return EXIT.error;
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
