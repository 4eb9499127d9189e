// A GitHub issue per drifted address, kept up to date while the drift lasts and closed
// when it is resolved (src/github/drift-issues.ts does the issue work).
import { closeResolvedDriftIssue, upsertDriftIssue, type GitHubClient, type RepoRef } from '../github/index.js';
import type { Logger } from '../logging/logger.js';
import { formatActor } from './actor.js';
import { describeAddress } from './address.js';
import type { AlertSink } from './sinks.js';
import type { DriftAlert } from './types.js';

export interface GitHubSinkOptions {
  octokit: GitHubClient;
  repo: RepoRef;
  logger: Logger;
}

export function driftIssueBody(alert: DriftAlert): string {
  const rows = [
    `**${alert.eventType}** by ${formatActor(alert.actor)} at ${alert.at}`,
    '',
    '| | |',
    '| --- | --- |',
    ...alert.targets.map(
      (t) => `| \`${t.address}\` | ${t.source ? `declared at \`${t.source.file}:${t.source.line}\`` : 'not declared in any manifest'} |`,
    ),
  ];
  if (alert.after) rows.push('', `Change requested: \`${JSON.stringify(alert.after)}\``);
  rows.push('', alert.summary);
  if (alert.planned.length > 0) rows.push('', '```diff', ...alert.planned, '```');
  rows.push('', `Audit event \`${alert.eventId}\`, manifest revision \`${alert.revision}\`.`);
  return rows.join('\n');
}

export function githubIssueSink(options: GitHubSinkOptions): AlertSink {
  return {
    name: 'github',
    async send(alert) {
      if (alert.response === 'ignore' || alert.response === 'none') return;
      for (const target of alert.targets) {
        await upsertDriftIssue({
          octokit: options.octokit,
          repo: options.repo,
          key: target.address,
          title: `Drift: ${describeAddress(target.address)}`,
          body: driftIssueBody(alert),
          logger: options.logger,
        });
      }
    },
    // The daemon persists which addresses have an open drift and resolves only those, so
    // this holds no state of its own and a restart still closes the issues.
    async resolve(addresses, revision) {
      for (const key of addresses) {
        await closeResolvedDriftIssue({
          octokit: options.octokit,
          repo: options.repo,
          key,
          comment: `Resolved: live state matches the manifests again (revision \`${revision}\`).`,
          logger: options.logger,
        });
      }
    },
  };
}
