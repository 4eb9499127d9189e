// `orgplane daemon`: the long-running reconciler. Runs until SIGTERM/SIGINT, then exits 0
// after finishing the change in flight and saving its state.
import { InvalidArgumentError, Option } from 'commander';
import { parseDuration, startDaemon, stopOnSignals } from '../../daemon/index.js';
import { join } from 'node:path';
import { addApiOptions, CommandRun, type ApiCliOptions, type RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

interface DaemonCliOptions extends ApiCliOptions {
  source: string;
  ref: string;
  interval: string;
  auditInterval: string;
  resync?: string;
  snapshot?: boolean;
  resyncShare?: number;
  mode: 'report' | 'apply';
  listen: string;
  stateDir: string;
  alertWebhook?: string;
  githubRepo?: string;
  configPath?: string;
  ownActorId?: string[];
  logFormat: 'json' | 'pretty';
}

export const registerDaemon: RegisterCommand = (program, setExitCode) => {
  const command = program
    .command('daemon')
    .description('Run the long-lived reconciler: sync, plan, apply or report; watch the audit log for drift')
    // Every setting also comes from an ORGPLANE_* variable (the option wins), so a container
    // image can set them and `docker run IMAGE daemon --mode apply` keeps the rest.
    .addOption(new Option('--source <dir|git-url>', 'manifests: a folder, or a git URL (https with ORGPLANE_GIT_TOKEN/GITHUB_TOKEN, ssh, file://)').default('policies').env('ORGPLANE_SOURCE'))
    .addOption(new Option('--ref <ref>', 'branch, tag or commit of a git source').default('main').env('ORGPLANE_REF'))
    .addOption(new Option('--config-path <subdir>', 'folder of the manifests inside the source').env('ORGPLANE_CONFIG_PATH'))
    .addOption(new Option('--interval <duration>', 'between reconcile cycles (jittered ±5%)').default('5m').env('ORGPLANE_INTERVAL'))
    .addOption(new Option('--audit-interval <duration>', 'between audit-log polls').default('30s').env('ORGPLANE_AUDIT_INTERVAL'))
    .addOption(
      new Option('--resync <duration>', 'full live read at least this often (default 1h); with --snapshot, every kept answer is read again in the background over this period (default 24h)').env('ORGPLANE_RESYNC'),
    )
    .addOption(
      new Option('--resync-share <fraction>', "with --snapshot: the background resync's share of each endpoint's rate limit per window (0-1)")
        .default(0.25)
        .argParser(parseShare)
        .env('ORGPLANE_RESYNC_SHARE'),
    )
    .addOption(
      new Option('--snapshot', 'keep a live snapshot in the state folder, current at every audit poll; plans refresh it from the audit log (on when ORGPLANE_SNAPSHOT_TOKEN is set, which also serves it at GET /snapshot)').env('ORGPLANE_SNAPSHOT'),
    )
    .addOption(new Option('--mode <mode>', 'apply changes or only report them').choices(['report', 'apply']).default('report').env('ORGPLANE_MODE'))
    .addOption(new Option('--listen <host:port>', "serve /healthz, /readyz and /metrics here ('off': no server)").default('127.0.0.1:9464').env('ORGPLANE_LISTEN'))
    .addOption(new Option('--state-dir <dir>', 'cursor, last good revision and git checkouts').default('.orgplane/state').env('ORGPLANE_STATE_DIR'))
    // A Slack webhook URL is itself a secret: the environment keeps it out of argv (ps, pod specs).
    .addOption(new Option('--alert-webhook <url>', 'POST each drift alert here (Slack-compatible JSON)').env('ORGPLANE_ALERT_WEBHOOK'))
    .addOption(new Option('--github-repo <owner/name>', 'open an issue per drift in this repository (needs GITHUB_TOKEN)').env('ORGPLANE_GITHUB_REPO'))
    .option('--own-actor-id <id...>', "admin key id(s) whose changes are orgplane's own (default: found from the key in use)");
  // No --timeout: each cycle waits as long as its rate limits need (the next cycle is not due until it ends).
  addApiOptions(command, { timeout: false, limitsFile: '<state-dir>/rate-limits.json', logFormat: 'json' }).action(async (options: DaemonCliOptions) => {
    setExitCode(await runDaemonCommand(options));
  });
};

async function runDaemonCommand(options: DaemonCliOptions): Promise<number> {
  const run = new CommandRun(options.logFormat);
  const { logger } = run;
  try {
    const client = run.clientOptions(options);
    // Learned limits live with the daemon's other state unless a file is named.
    const limitsFile = options.rateLimitsFile !== undefined && options.rateLimitsFile !== '' ? options.rateLimitsFile : join(options.stateDir, 'rate-limits.json');
    const snapshotToken = process.env.ORGPLANE_SNAPSHOT_TOKEN;
    const keepSnapshot = options.snapshot === true || (snapshotToken !== undefined && snapshotToken !== '');
    const daemon = await startDaemon({
      ...(keepSnapshot
        ? { snapshot: { ...(snapshotToken === undefined || snapshotToken === '' ? {} : { token: snapshotToken }), ...(options.resyncShare === undefined ? {} : { resyncShare: options.resyncShare }) } }
        : {}),
      client: { ...client, limitsFile },
      source: options.source,
      ref: options.ref,
      stateDir: options.stateDir,
      mode: options.mode,
      intervalMs: parseDuration(options.interval),
      auditIntervalMs: parseDuration(options.auditInterval),
      // With a snapshot, plans cost the audit log and what changed: the full read is the rare resync.
      resyncMs: parseDuration(options.resync ?? (keepSnapshot ? '24h' : '1h')),
      ...(options.listen === '' || options.listen === 'off' ? {} : { listen: options.listen }),
      ...(options.configPath ? { configPath: options.configPath } : {}),
      ...(options.alertWebhook ? { alertWebhook: options.alertWebhook } : {}),
      ...(options.githubRepo ? { githubRepo: options.githubRepo } : {}),
      ...(options.ownActorId ? { ownActorIds: options.ownActorId } : {}),
      ...(process.env.ORGPLANE_AUDIT_OVERLAP_SECONDS ? { auditOverlapSeconds: Number(process.env.ORGPLANE_AUDIT_OVERLAP_SECONDS) } : {}),
      logger,
    });
    await stopOnSignals(daemon, logger);
    return EXIT.ok;
  } catch (error) {
    return run.fail(error, 'daemon failed to start');
  }
}

function parseShare(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError('expected a fraction above 0 and at most 1 (0.25: a quarter of each endpoint\'s budget)');
  return n;
}
