// `orgplane drift`: out-of-band changes to managed resources from the audit log, once.
// Exit codes (DESIGN.md): 0 none, 2 drift found, 1 error.
import { Option } from 'commander';
import { parseDuration } from '../../daemon/duration.js';
import { runDriftReport, type DriftReport } from '../../drift/index.js';
import { counted } from '../../render/areas.js';
import { logRateLimitSummary } from '../pacing.js';
import { addApiOptions, addConfigOption, CommandRun, type ApiCliOptions, type RegisterCommand } from '../command.js';
import { addSnapshotOptions, snapshotUse, type SnapshotCliOptions } from '../snapshot-options.js';
import { EXIT } from '../exit-codes.js';

interface DriftOptions extends ApiCliOptions, SnapshotCliOptions {
  since: string;
  config: string;
  format: 'text' | 'json';
  ownActorId?: string[];
}

export const registerDrift: RegisterCommand = (program, setExitCode) => {
  const command = program
    .command('drift')
    .description('Report out-of-band changes to managed resources from the audit log')
    .option('--since <duration|time>', 'how far back to read the audit log: a duration (30m, 24h, 7d) or an RFC 3339 time (2026-05-01T09:00:00Z)', '24h');
  addConfigOption(command)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--own-actor-id <id...>', "admin key id(s) whose changes are orgplane's own (default: found from the key in use)");
  addSnapshotOptions(command);
  addApiOptions(command, { timeout: true }).action(async (options: DriftOptions) => {
    setExitCode(await runDriftCommand(options));
  });
};

async function runDriftCommand(options: DriftOptions): Promise<number> {
  const run = new CommandRun(options.logFormat);
  const { logger } = run;
  try {
    const sinceEpochMs = parseSince(options.since, Date.now());
    const snapshot = snapshotUse(options);
    const { api, adminKey } = run.connect(options);
    const report = await runDriftReport({
      ...(snapshot !== undefined ? { snapshot } : {}),
      configDir: options.config,
      api,
      adminKey,
      sinceSeconds: sinceEpochMs / 1000,
      ...(options.ownActorId ? { ownActorIds: options.ownActorId } : {}),
      logger,
    });
    logRateLimitSummary(api, logger);
    process.stdout.write(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderDriftText(report));
    return report.alerts.length > 0 ? EXIT.changes : EXIT.ok;
  } catch (error) {
    return run.fail(error, 'drift failed');
  }
}

// RFC 3339 date-time (section 5.6): a 'T' (or, as the RFC allows, a space) and an offset are required.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** `--since`: a duration back from now (24h) or an RFC 3339 time; the start as epoch milliseconds. */
export function parseSince(value: string, nowMs: number): number {
  const text = value.trim();
  if (RFC3339.test(text)) {
    const at = Date.parse(text.replace(' ', 'T'));
    if (Number.isNaN(at)) throw new Error(`--since ${value}: not a valid time (e.g. 2026-05-01T09:00:00Z)`);
    if (at > nowMs) throw new Error(`--since ${value} is in the future: give a time in the past or a duration such as 24h`);
    return at;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new Error(`--since ${value}: an RFC 3339 time needs a time of day and an offset, e.g. ${text.slice(0, 10)}T00:00:00Z`);
  }
  try {
    return nowMs - parseDuration(text);
  } catch {
    throw new Error(`--since ${value}: not a duration or an RFC 3339 time (use e.g. 30m, 24h, 7d, or 2026-05-01T09:00:00Z)`);
  }
}

export function renderDriftText(report: DriftReport): string {
  const lines = [
    `Audit log since ${report.since}: ${counted(report.events, 'event')} about what orgplane manages, ${report.own} of them by orgplane itself.`,
  ];
  if (report.refresh !== undefined) lines.push(`Live state: ${report.refresh}.`);
  if (report.joined > 0) lines.push(`${report.joined} of them: people joining through invites the manifests declare (not drift; \`orgplane plan\` shows their follow-ups).`);
  if (report.refusedEventTypes.length > 0) {
    lines.push(`Not looked at: the server refused these event types in the filter: ${report.refusedEventTypes.join(', ')}.`);
  }
  for (const alert of report.settled) lines.push(`  ${alert.at} ${alert.summary}`);
  if (report.alerts.length === 0) {
    lines.push('No drift: nothing changed managed resources behind orgplane\'s back.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${counted(report.alerts.length, 'out-of-band change')} (manifests at ${report.revision}):`, '');
  for (const alert of report.alerts) {
    lines.push(`! ${alert.at} ${alert.summary}`);
    for (const planned of alert.planned) lines.push(`    ${planned}`);
  }
  lines.push('', 'Run `orgplane apply` to restore what the manifests declare.');
  return `${lines.join('\n')}\n`;
}
