// `orgplane drift`: out-of-band changes to managed resources from the audit log, once.
// Exit codes (DESIGN.md): 0 none, 2 drift found, 1 error.
import { Option } from 'commander';
import { createAdminClient, resolveClientOptions } from '../../api/index.js';
import { parseDuration } from '../../daemon/duration.js';
import { runDriftReport, type DriftReport } from '../../drift/index.js';
import { createLogger } from '../../logging/logger.js';
import { formatProblem, ManifestError } from '../../manifest/index.js';
import { formatPlanProblem, PlanError } from '../../plan/index.js';
import { addPacingOptions, logRateLimitSummary, pacingClientOptions, type PacingCliOptions } from '../pacing.js';
import { warnOnStderr, type RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

interface DriftOptions extends PacingCliOptions {
  since: string;
  config: string;
  format: 'text' | 'json';
  ownActorId?: string[];
  adminKeyFile?: string;
  baseUrl?: string;
  logFormat: 'json' | 'pretty';
}

export const registerDrift: RegisterCommand = (program, setExitCode) => {
  const command = program
    .command('drift')
    .description('Report out-of-band changes to managed resources from the audit log')
    .option('--since <duration>', 'how far back to read the audit log (e.g. 30m, 24h, 7d)', '24h')
    .option('--config <dir>', 'folder of manifests', 'policies')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--own-actor-id <id...>', "admin key id(s) whose changes are orgplane's own (default: found from the key in use)")
    .option('--admin-key-file <file>', 'read the admin key from this file instead of OPENAI_ADMIN_KEY')
    .option('--base-url <url>', 'Admin API root (default: OPENAI_BASE_URL or https://api.openai.com/v1)')
    .addOption(new Option('--log-format <format>', 'log format on stderr').choices(['json', 'pretty']).default('json'));
  addPacingOptions(command, { timeout: true }).action(async (options: DriftOptions) => {
    setExitCode(await runDriftCommand(options));
  });
};

async function runDriftCommand(options: DriftOptions): Promise<number> {
  const logger = createLogger({ format: options.logFormat });
  try {
    const sinceMs = parseDuration(options.since);
    const clientOptions = resolveClientOptions({ env: process.env, adminKeyFile: options.adminKeyFile, baseUrl: options.baseUrl, onWarning: warnOnStderr });
    const api = createAdminClient({ ...clientOptions, ...pacingClientOptions(options), logger });
    const report = await runDriftReport({
      configDir: options.config,
      api,
      adminKey: clientOptions.adminKey,
      sinceSeconds: (Date.now() - sinceMs) / 1000,
      ...(options.ownActorId ? { ownActorIds: options.ownActorId } : {}),
      logger,
    });
    logRateLimitSummary(api, logger);
    process.stdout.write(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderDriftText(report));
    return report.alerts.length > 0 ? EXIT.changes : EXIT.ok;
  } catch (error) {
    if (error instanceof ManifestError) for (const p of error.problems) console.error(formatProblem(p));
    else if (error instanceof PlanError) for (const p of error.problems) console.error(formatPlanProblem(p));
    else console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.error;
  }
}

export function renderDriftText(report: DriftReport): string {
  const lines = [
    `Audit log since ${report.since}: ${report.events} event(s) about what orgplane manages, ${report.own} of them by orgplane itself.`,
  ];
  for (const alert of report.settled) lines.push(`  ${alert.at} ${alert.summary}`);
  if (report.alerts.length === 0) {
    lines.push('No drift: nothing changed managed resources behind orgplane\'s back.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${report.alerts.length} out-of-band change(s) (manifests at ${report.revision}):`, '');
  for (const alert of report.alerts) {
    lines.push(`! ${alert.at} ${alert.summary}`);
    for (const planned of alert.planned) lines.push(`    ${planned}`);
  }
  lines.push('', 'Run `orgplane apply` to restore what the manifests declare.');
  return `${lines.join('\n')}\n`;
}
