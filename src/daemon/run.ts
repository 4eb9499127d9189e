// Composes the daemon: API client (with request metrics), source, sinks, own-key
// detection, reconciler, health server, and SIGTERM/SIGINT handling.
import path from 'node:path';
import { createAdminClient, type AdminClientOptions } from '../api/index.js';
import { githubIssueSink, logSink, resolveOwnKeyId, webhookSink, type AlertSink, type DaemonMode } from '../drift/index.js';
import { createGitHubClient } from '../github/index.js';
import type { Logger } from '../logging/logger.js';
import { openSource } from '../source/index.js';
import { countingTransport } from './counting-transport.js';
import { startHealthServer, type RunningHealthServer } from './health-server.js';
import { createDaemonMetrics, type DaemonMetrics } from './metrics.js';
import { Reconciler } from './reconciler.js';
import { SnapshotKeeper } from './snapshot-keeper.js';
import type { CycleReport, DaemonOptions, HealReport } from './types.js';
import type { DriftAlert } from '../drift/types.js';

export interface RunDaemonOptions {
  client: AdminClientOptions;
  source: string;
  ref: string;
  configPath?: string;
  stateDir: string;
  mode: DaemonMode;
  intervalMs: number;
  auditIntervalMs: number;
  resyncMs: number;
  jitter?: number;
  auditOverlapSeconds?: number;
  /** `host:port`, or undefined for no server. */
  listen?: string;
  alertWebhook?: string;
  /** `owner/name` */
  githubRepo?: string;
  githubToken?: string;
  githubApiUrl?: string;
  ownActorIds?: readonly string[];
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  onCycle?: (report: CycleReport) => void;
  onAlert?: (alert: DriftAlert) => void;
  onHeal?: (report: HealReport) => void;
  /** Keep a live snapshot (docs/snapshot.md); with a token, serve it at GET /snapshot. Default: none. */
  snapshot?: { token?: string; resyncShare?: number };
}

export interface RunningDaemon {
  reconciler: Reconciler;
  metrics: DaemonMetrics;
  health?: RunningHealthServer;
  stop(): Promise<void>;
}

export async function startDaemon(options: RunDaemonOptions): Promise<RunningDaemon> {
  const log = options.logger;
  const metrics = createDaemonMetrics();
  const api = createAdminClient({
    ...options.client,
    logger: log,
    transport: countingTransport((route, status) => metrics.apiRequests.inc({ route, status }), undefined),
  });
  const stateDir = path.resolve(options.stateDir);
  const source = openSource({
    source: options.source,
    ref: options.ref,
    stateDir,
    ...(options.configPath ? { configPath: options.configPath } : {}),
    ...(options.env ? { env: options.env } : {}),
  });

  const ownActorIds = new Set(options.ownActorIds ?? []);
  if (ownActorIds.size === 0) {
    const own = await resolveOwnKeyId(api, options.client.adminKey);
    if (own.found) {
      ownActorIds.add(own.id);
      log.info({ keyId: own.id, how: own.how }, 'own admin key identified');
    } else {
      log.warn({ reason: own.reason, candidates: own.candidates }, 'own admin key not identified: pass --own-actor-id or orgplane will alert on its own changes');
    }
  }

  const sinks: AlertSink[] = [logSink(log)];
  if (options.alertWebhook) sinks.push(webhookSink({ url: options.alertWebhook }));
  if (options.githubRepo) {
    const [owner, repo] = options.githubRepo.split('/');
    if (!owner || !repo) throw new Error(`--github-repo must look like owner/name (got "${options.githubRepo}")`);
    const token = options.githubToken ?? (options.env ?? process.env).GITHUB_TOKEN;
    if (!token) throw new Error('--github-repo needs GITHUB_TOKEN in the environment');
    sinks.push(
      githubIssueSink({
        octokit: createGitHubClient({ token, logger: log, ...(options.githubApiUrl ? { baseUrl: options.githubApiUrl } : {}) }),
        repo: { owner, repo },
        logger: log,
      }),
    );
  }

  let snapshot: SnapshotKeeper | undefined;
  if (options.snapshot !== undefined) {
    // The snapshot is proven to be this organization's by the key's id: without it, none is kept.
    if (ownActorIds.size === 0) log.warn({}, 'no live snapshot kept: the own admin key is not identified (pass --own-actor-id)');
    else {
      snapshot = new SnapshotKeeper({
        api,
        stateDir,
        logger: log,
        ownKeyIds: ownActorIds,
        now: Date.now,
        // The background resync takes its share of what the client learned of each route.
        routeLimits: () => api.routeLimits().routes,
        ...(options.snapshot.resyncShare === undefined ? {} : { resyncShare: options.snapshot.resyncShare }),
        ...(options.auditOverlapSeconds === undefined ? {} : { overlapSeconds: options.auditOverlapSeconds }),
      });
    }
  }

  const daemonOptions: DaemonOptions = {
    source,
    api,
    stateDir,
    mode: options.mode,
    intervalMs: options.intervalMs,
    auditIntervalMs: options.auditIntervalMs,
    resyncMs: options.resyncMs,
    ownActorIds,
    ...(snapshot ? { snapshot } : {}),
    sinks,
    logger: log,
    metrics,
    ...(options.jitter === undefined ? {} : { jitter: options.jitter }),
    ...(options.auditOverlapSeconds === undefined ? {} : { auditOverlapSeconds: options.auditOverlapSeconds }),
    ...(options.onCycle ? { onCycle: options.onCycle } : {}),
    ...(options.onAlert ? { onAlert: options.onAlert } : {}),
    ...(options.onHeal ? { onHeal: options.onHeal } : {}),
  };
  const reconciler = new Reconciler(daemonOptions);
  const health = options.listen
    ? await startHealthServer({
        listen: options.listen,
        registry: metrics.registry,
        readiness: () => reconciler.readiness(),
        ...(snapshot !== undefined && options.snapshot?.token !== undefined ? { snapshot: { token: options.snapshot.token, body: () => snapshot?.served() } } : {}),
      })
    : undefined;
  if (health) log.info({ url: health.url }, 'health server listening');
  await reconciler.start();
  return {
    reconciler,
    metrics,
    ...(health ? { health } : {}),
    async stop() {
      await reconciler.stop();
      await health?.close();
    },
  };
}

/** Resolves once a signal asked the daemon to stop and it has; a second signal or 30 s forces the end. */
export function stopOnSignals(daemon: RunningDaemon, log: Logger, graceMs = 25_000): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting now');
        resolve();
        return;
      }
      stopping = true;
      log.info({ signal }, 'shutting down: finishing the change in flight');
      const force = setTimeout(() => {
        log.error({ graceMs }, 'shutdown took too long: exiting');
        resolve();
      }, graceMs);
      force.unref();
      daemon.stop().then(
        () => {
          clearTimeout(force);
          resolve();
        },
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          resolve();
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
}
