// The apply sequence behind `orgplane apply` (and usable by the daemon): plan (or load a
// saved plan and check it still matches the live state), check the guards, ask, apply,
// verify convergence. It reports an outcome; the CLI turns it into an exit code.
import { readFile } from 'node:fs/promises';
import type { AdminApi } from '../api/admin-api.js';
import { fingerprint } from '../live/index.js';
import type { ReadProgress } from '../live/index.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { parsePlan, runPlanPipeline } from '../plan/index.js';
import type { SnapshotUse } from '../snapshot/index.js';
import type { Plan } from '../plan/types.js';
import { applyPlan } from './apply-plan.js';
import { evaluateGuards } from './guards.js';
import { SecretsSinkError } from './errors.js';
import { FileSecretsSink, needsSecretsSink, prepareSecretsSink } from './secrets-sink.js';
import { formatApplyResult, formatRefusals } from './summary.js';
import type { ApplyResult, ChangeOutcome, SecretsSink, Sleep } from './types.js';
import { verifyConvergence, type Convergence } from './verify.js';

export type ApplyOutcome =
  | 'no-changes'
  | 'converged'
  | 'not-converged'
  | 'failed'
  | 'refused'
  | 'declined'
  | 'no-terminal'
  | 'stale-plan'
  | 'sink-unusable';

export interface RunApplyOptions {
  configDir: string;
  api: AdminApi;
  /**
   * The admin key in use: lets the live read pick the key's owner among several admin
   * keys (self-lockout guard). It goes only into the plan pipeline's matcher.
   */
  adminKey?: string;
  /** A saved plan file (`plan --out`) to execute instead of planning now: applied without asking, refused if the live organization moved since. */
  planFile?: string;
  autoApprove: boolean;
  maxDeletes?: number;
  /** `--max-loosenings N`: overrides safety.maxLoosenings for this run. */
  maxLoosenings?: number;
  /** Default: a FileSecretsSink under `.orgplane/secrets`. Proven before the confirmation when the plan creates service accounts. */
  secrets?: SecretsSink;
  logger?: Logger;
  /** Renders the plan for the person approving it. */
  renderPlan: (plan: Plan) => string;
  /** Results (stdout). */
  print: (text: string) => void;
  /** Messages to the person (stderr). */
  tell: (text: string) => void;
  /** Asks a question on a terminal; undefined when there is none to ask on. */
  ask?: (question: string) => Promise<string>;
  onProgress?: (progress: ReadProgress) => void;
  /** Called as each change ends (progress on a terminal: each change's outcome line). */
  onOutcome?: (outcome: ChangeOutcome) => void;
  /** onOutcome shows each outcome where the summary is read: the summary leaves them out. Default false. */
  outcomesShown?: boolean;
  /** Aborted on SIGINT/SIGTERM: changes in flight finish, no new one starts, no verification. */
  signal?: AbortSignal;
  sleep?: Sleep;
  /** Convergence re-read waits; default CONVERGENCE_DELAYS_MS. */
  convergenceDelaysMs?: readonly number[];
  /** `--state`: plan from the snapshot; the convergence check then re-reads only what the apply touched. */
  snapshot?: SnapshotUse;
}

export interface RunApplyResult {
  outcome: ApplyOutcome;
  result?: ApplyResult;
  convergence?: Convergence;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function runApply(options: RunApplyOptions): Promise<RunApplyResult> {
  const logger = options.logger ?? silentLogger();
  const planned = await runPlanPipeline({
    configDir: options.configDir,
    api: options.api,
    logger,
    adminKeyOwner: true,
    ...(options.adminKey !== undefined ? { adminKey: options.adminKey } : {}),
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    ...(options.snapshot !== undefined ? { snapshot: options.snapshot } : {}),
  });
  const { desired, live } = planned;
  let plan = planned.plan;
  if (options.planFile !== undefined) {
    const saved = parsePlan(await readFile(options.planFile, 'utf8'));
    // The fingerprint leaves out adminKeyOwnerId (apply looks the owner up, plan does not).
    const now = fingerprint(live);
    if (saved.liveFingerprint !== now) {
      const manifests =
        saved.revision !== desired.revision ? ` The manifests changed too (revision ${saved.revision} → ${desired.revision}), which changes what is read.` : '';
      options.tell(
        `error: the live organization changed since ${options.planFile} was made (plan fingerprint ${saved.liveFingerprint}, live now ${now}); run plan again and review the new plan.${manifests}`,
      );
      return { outcome: 'stale-plan' };
    }
    if (saved.revision !== desired.revision) {
      options.tell(
        `warning: ${options.planFile} was made from manifest revision ${saved.revision}, the manifests are now at ${desired.revision}; the convergence check compares with the manifests as they are now`,
      );
    }
    plan = saved;
  }

  if (plan.changes.length === 0) {
    options.print('No changes. The organization matches the manifests.');
    return { outcome: 'no-changes' };
  }

  options.print(options.renderPlan(plan));
  const guards = evaluateGuards(plan, live, desired.policy, {
    ...(options.maxDeletes !== undefined ? { maxDeletes: options.maxDeletes } : {}),
    ...(options.maxLoosenings !== undefined ? { maxLoosenings: options.maxLoosenings } : {}),
  });
  for (const warning of guards.warnings) options.tell(`warning: ${warning}`);
  if (guards.refusals.length > 0) {
    options.print(formatRefusals(guards.refusals));
    return { outcome: 'refused' };
  }

  const secrets = options.secrets ?? new FileSecretsSink();
  // Before asking: nobody should say yes to a plan whose keys would have nowhere to go.
  // applyPlan checks again (the same answer, prepared once) as a second lock.
  if (needsSecretsSink(plan.changes)) {
    try {
      await prepareSecretsSink(secrets);
    } catch (error) {
      if (!(error instanceof SecretsSinkError)) throw error;
      options.tell(`error: ${error.message}; nothing was changed. Fix it, or choose another sink with --secrets-sink, and apply again.`);
      return { outcome: 'sink-unusable' };
    }
  }

  // A saved plan is the reviewed decision (like `terraform apply plan.tfplan`): no second
  // question; the fingerprint check above refused it if the live organization moved since.
  if (!options.autoApprove && options.planFile === undefined) {
    if (options.ask === undefined) {
      options.tell('error: apply needs a confirmation and there is no terminal to ask on: review the plan and run apply with --auto-approve');
      return { outcome: 'no-terminal' };
    }
    const question = plan.changes.length === 1 ? 'Apply this change?' : `Apply these ${plan.changes.length} changes?`;
    const answer = await options.ask(`${question} Only 'yes' is accepted: `);
    if (answer.trim() !== 'yes') {
      options.tell('Apply cancelled: nothing was changed.');
      return { outcome: 'declined' };
    }
  }

  const result = await applyPlan(plan, options.api, {
    live,
    policy: desired.policy,
    logger,
    secrets,
    ...(options.maxDeletes !== undefined ? { maxDeletes: options.maxDeletes } : {}),
    ...(options.maxLoosenings !== undefined ? { maxLoosenings: options.maxLoosenings } : {}),
    ...(options.sleep !== undefined ? { sleep: options.sleep } : {}),
    ...(options.onOutcome !== undefined ? { onOutcome: options.onOutcome } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  if (result.refusals.length > 0) {
    // The guards ran above on the same inputs; kept as a second lock.
    options.print(formatRefusals(result.refusals));
    return { outcome: 'refused', result };
  }

  if (options.signal?.aborted === true) {
    options.print(formatApplyResult(result, undefined, { outcomesShown: options.outcomesShown === true }));
    options.tell('Interrupted: the changes in flight finished, the rest did not start. Run apply again to finish.');
    return { outcome: 'failed', result };
  }

  const applied = new Set(result.applied.map((o) => o.address));
  // With a snapshot, each convergence read starts from the latest one and re-reads what this
  // apply touched (its changes, tried or not) and what the audit log reports since.
  let snapshot = planned.snapshot;
  const touched = plan.changes;
  const convergence = await verifyConvergence({
    replan: async () => {
      const again = await runPlanPipeline({
        configDir: options.configDir,
        api: options.api,
        logger,
        ...(options.adminKey !== undefined ? { adminKey: options.adminKey } : {}),
        ...(options.snapshot !== undefined && snapshot !== undefined
          ? { snapshot: { ...options.snapshot, refresh: 'audit', current: snapshot, applied: touched } }
          : options.snapshot !== undefined
            ? { snapshot: options.snapshot }
            : {}),
      });
      snapshot = again.snapshot;
      return again.plan;
    },
    mayStillSettle: (change) => applied.has(change.address),
    logger,
    ...(options.sleep !== undefined ? { sleep: options.sleep } : {}),
    ...(options.convergenceDelaysMs !== undefined ? { delaysMs: options.convergenceDelaysMs } : {}),
  });
  options.print(formatApplyResult(result, convergence, { outcomesShown: options.outcomesShown === true }));
  logger.info(
    { applied: result.applied.length, failed: result.failed.length, skipped: result.skipped.length, converged: convergence.converged },
    'apply finished',
  );
  const undelivered = result.applied.filter((o) => o.secret?.undelivered !== undefined);
  if (undelivered.length > 0) {
    options.tell(
      `error: ${plural(undelivered.length, 'service-account key')} could not be delivered to ${secrets.description ?? 'the secrets sink'} and ${undelivered.length === 1 ? 'is' : 'are'} kept in ${undelivered.map((o) => o.secret!.location).join(', ')} (mode 0600): deliver ${undelivered.length === 1 ? 'it' : 'them'} yourself, then delete the file${undelivered.length === 1 ? '' : 's'}`,
    );
  }
  if (result.failed.length > 0 || result.skipped.length > 0 || undelivered.length > 0) return { outcome: 'failed', result, convergence };
  if (!convergence.converged) {
    options.tell(`error: not converged: ${plural(convergence.remaining.length, 'change')} still planned after applying`);
    return { outcome: 'not-converged', result, convergence };
  }
  return { outcome: 'converged', result, convergence };
}
