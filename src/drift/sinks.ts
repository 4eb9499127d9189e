// Where alerts go: the log (always), a webhook (Slack-compatible JSON), a GitHub issue
// per drift. A sink that fails is logged and counted; it never stops the loop.
import type { Logger } from '../logging/logger.js';
import { webhookPayload } from './alerts.js';
import type { DriftAlert } from './types.js';

export interface AlertSink {
  readonly name: string;
  send(alert: DriftAlert): Promise<void>;
  /** The drift on these addresses is gone (reverted, or the manifests now agree). */
  resolve?(addresses: readonly string[], revision: string): Promise<void>;
  /** Something operators must know that is not a drift (e.g. a revision that does not validate). */
  notice?(notice: Notice): Promise<void>;
}

export interface Notice {
  /**
   * `drift-watch-stopped`: audit polls keep failing (sent once); `drift-watch-resumed`: they answer again;
   * `resync-drift`: the background resync found answers the audit log did not say had changed.
   */
  kind: 'invalid-revision' | 'apply-refused' | 'drift-watch-stopped' | 'drift-watch-resumed' | 'resync-drift';
  /** One line for people. */
  text: string;
  revision?: string;
  details: string[];
}

export function logSink(log: Logger): AlertSink {
  return {
    name: 'log',
    send(alert) {
      log.warn(
        {
          event: alert.eventId,
          type: alert.eventType,
          actor: alert.actor,
          targets: alert.targets.map((t) => ({ address: t.address, managed: t.managed, source: t.source })),
          after: alert.after,
          response: alert.response,
          planned: alert.planned,
          revision: alert.revision,
          summary: alert.summary,
        },
        'drift detected',
      );
      return Promise.resolve();
    },
    notice(notice) {
      log.error({ kind: notice.kind, revision: notice.revision, details: notice.details }, 'orgplane notice');
      return Promise.resolve();
    },
  };
}

export interface WebhookSinkOptions {
  url: string;
  /** Default 10 s. */
  timeoutMs?: number;
  /** Attempts on a network error or 5xx/429; default 3, backing off 0.5 s, 1 s. */
  attempts?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export class WebhookError extends Error {
  constructor(readonly status: number | undefined) {
    super(status === undefined ? 'alert webhook unreachable' : `alert webhook answered ${status}`);
    this.name = 'WebhookError';
  }
}

export function webhookSink(options: WebhookSinkOptions): AlertSink {
  const doFetch = options.fetch ?? fetch;
  const attempts = options.attempts ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const post = async (body: string): Promise<void> => {
    let status: number | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const response = await doFetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        status = response.status;
        await response.body?.cancel();
        if (response.ok) return;
        if (status < 500 && status !== 429) break;
      } catch {
        status = undefined;
      }
      if (attempt < attempts) await sleep(500 * 2 ** (attempt - 1));
    }
    throw new WebhookError(status);
  };
  return {
    name: 'webhook',
    send: (alert) => post(JSON.stringify(webhookPayload(alert))),
    notice: (notice) =>
      post(JSON.stringify({ text: [`:x: orgplane: ${notice.text}`, ...notice.details.map((d) => `• ${d}`)].join('\n'), notice })),
  };
}

export async function sendNotice(sinks: readonly AlertSink[], notice: Notice, log: Logger): Promise<void> {
  for (const sink of sinks) {
    if (!sink.notice) continue;
    try {
      await sink.notice(notice);
    } catch (error) {
      log.error({ sink: sink.name, err: error }, 'alert sink failed');
    }
  }
}

/** Sends to every sink; returns the names of sinks that failed (already logged). */
export async function sendAlert(sinks: readonly AlertSink[], alert: DriftAlert, log: Logger): Promise<string[]> {
  const failed: string[] = [];
  for (const sink of sinks) {
    try {
      await sink.send(alert);
    } catch (error) {
      failed.push(sink.name);
      log.error({ sink: sink.name, event: alert.eventId, err: error }, 'alert sink failed');
    }
  }
  return failed;
}

export async function resolveDrift(
  sinks: readonly AlertSink[],
  addresses: readonly string[],
  revision: string,
  log: Logger,
): Promise<void> {
  if (addresses.length === 0) return;
  for (const sink of sinks) {
    if (!sink.resolve) continue;
    try {
      await sink.resolve(addresses, revision);
    } catch (error) {
      log.error({ sink: sink.name, err: error }, 'alert sink resolve failed');
    }
  }
}
