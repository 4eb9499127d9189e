// Executes a plan: guards first (any refusal → nothing runs), the secrets sink proven
// (SecretsSinkError → nothing runs) when a key will arrive, then every change as
// soon as the changes it depends on have succeeded. Independent changes start together
// and the client's queue bounds how many requests are in flight. A failed change
// blocks only what depends on it, directly or not; everything else goes on.
import type { AdminApi } from '../api/admin-api.js';
import { silentLogger } from '../logging/logger.js';
import type { Change, Plan } from '../plan/types.js';
import { describeError, formatErrorInfo, PlanExecutionError } from './errors.js';
import { executorFor } from './executors/index.js';
import type { RunContext } from './executors/index.js';
import { evaluateGuards } from './guards.js';
import { CertificateBatches } from './certificate-batches.js';
import { IdRegistry } from './registry.js';
import { FileSecretsSink, needsSecretsSink, prepareSecretsSink } from './secrets-sink.js';
import type { ApplyOptions, ApplyResult, ChangeOutcome } from './types.js';

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What each change (by index) waits for and needs to have succeeded: the changes its
 * `dependsOn` addresses name, and earlier changes with the same address (a pending
 * invite is deleted, then sent again, under one address).
 */
function prerequisites(changes: readonly Change[]): number[][] {
  const byAddress = new Map<string, number[]>();
  changes.forEach((change, index) => byAddress.set(change.address, [...(byAddress.get(change.address) ?? []), index]));
  return changes.map((change, index) => {
    const before = new Set<number>();
    for (const address of change.dependsOn) {
      for (const other of byAddress.get(address) ?? []) if (other !== index) before.add(other);
    }
    for (const other of byAddress.get(change.address) ?? []) if (other < index) before.add(other);
    return [...before].sort((a, b) => a - b);
  });
}

/** Throws before any mutation when the plan cannot be run as a whole. */
export function checkExecutable(plan: Plan): void {
  const seen = new Set<string>();
  for (const change of plan.changes) {
    const key = `${change.address} ${change.action}`;
    if (seen.has(key)) throw new PlanExecutionError(`the plan holds ${change.action} ${change.address} twice`);
    seen.add(key);
    if (executorFor(change) === undefined) {
      throw new PlanExecutionError(`no executor for ${change.kind} ${change.action} (${change.address}): this orgplane cannot apply it`);
    }
  }
  const needs = prerequisites(plan.changes);
  // A change waits for every earlier wave too: depending on a later wave would wait forever.
  needs.forEach((list, index) => {
    const change = plan.changes[index]!;
    for (const other of list) {
      const dependency = plan.changes[other]!;
      if ((dependency.wave ?? 0) > (change.wave ?? 0)) {
        throw new PlanExecutionError(`${change.address} (wave ${change.wave ?? 0}) depends on ${dependency.address} of a later wave (${dependency.wave ?? 0})`);
      }
    }
  });
  // Depth-first search for a cycle: it would leave its changes waiting forever.
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (index: number, path: number[]): void => {
    const seen = state.get(index);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(index)), index].map((i) => plan.changes[i]!.address);
      throw new PlanExecutionError(`the plan's dependencies form a cycle: ${cycle.join(' → ')}`);
    }
    state.set(index, 'visiting');
    for (const other of needs[index]!) visit(other, [...path, index]);
    state.set(index, 'done');
  };
  plan.changes.forEach((_, index) => visit(index, []));
}

export async function applyPlan(plan: Plan, api: AdminApi, options: ApplyOptions): Promise<ApplyResult> {
  const logger = options.logger ?? silentLogger();
  const guards = evaluateGuards(plan, options.live, options.policy, {
    ...(options.maxDeletes !== undefined ? { maxDeletes: options.maxDeletes } : {}),
    ...(options.maxLoosenings !== undefined ? { maxLoosenings: options.maxLoosenings } : {}),
  });
  for (const warning of guards.warnings) logger.warn({ warning }, 'guard skipped');
  const result: ApplyResult = { refusals: guards.refusals, applied: [], failed: [], skipped: [], warnings: [...guards.warnings] };
  if (guards.refusals.length > 0) {
    for (const refusal of guards.refusals) logger.error({ rule: refusal.rule, changes: refusal.changes.length }, 'plan refused by a guard');
    return result;
  }
  checkExecutable(plan);
  const secrets = options.secrets ?? new FileSecretsSink();
  // A key arrives once, with its create: the sink proves it can take one before anything changes.
  if (needsSecretsSink(plan.changes)) {
    const warnings = await prepareSecretsSink(secrets);
    for (const warning of warnings) logger.warn({ warning }, 'secrets sink');
    result.warnings.push(...warnings);
  }

  const registry = new IdRegistry(api);
  registry.seed(options.live);
  const run: RunContext = {
    api,
    logger,
    registry,
    certificates: new CertificateBatches(api),
    sleep: options.sleep ?? realSleep,
    secrets,
  };
  const needs = prerequisites(plan.changes);
  const outcomes = new Map<number, Promise<ChangeOutcome>>();
  const waves = new Map<number, Promise<unknown>>();

  // Reported as they end; collected into the result in plan order, so output is stable.
  const record = (outcome: ChangeOutcome): ChangeOutcome => {
    options.onOutcome?.(outcome);
    return outcome;
  };

  /**
   * Waves (set by the planner) are barriers: a change starts once every change of an
   * earlier wave has ended, whatever its outcome; only `dependsOn` needs success.
   */
  const earlierWaves = (wave: number): Promise<unknown> => {
    let pending = waves.get(wave);
    if (pending === undefined) {
      pending = Promise.all(plan.changes.flatMap((c, i) => ((c.wave ?? 0) < wave ? [outcomeOf(i)] : [])));
      waves.set(wave, pending);
    }
    return pending;
  };

  const execute = async (index: number): Promise<ChangeOutcome> => {
    const change = plan.changes[index]!;
    const base = { address: change.address, kind: change.kind, action: change.action };
    const settled = await Promise.all(needs[index]!.map(outcomeOf));
    await earlierWaves(change.wave ?? 0);
    const blocker = settled.find((o) => o.status !== 'applied');
    const interrupted = options.signal?.aborted === true || (blocker?.status === 'skipped' && blocker.blockedBy === 'interrupt');
    if (interrupted) {
      return record({ ...base, status: 'skipped', blockedBy: 'interrupt', reason: 'not started: the apply was interrupted' });
    }
    if (blocker !== undefined) {
      const blockedBy = blocker.status === 'skipped' ? blocker.blockedBy : blocker.address;
      logger.warn({ change: change.address, blockedBy }, 'change skipped');
      return record({ ...base, status: 'skipped', blockedBy, reason: `depends on ${blockedBy}, which failed` });
    }
    const log = logger.child({ change: change.address, action: change.action });
    try {
      const done = await executorFor(change)!(change, { ...run, logger: log });
      if (done?.warning !== undefined) {
        result.warnings.push(done.warning);
        log.warn({ warning: done.warning }, 'change applied with a warning');
      } else {
        log.info({ note: done?.note }, 'change applied');
      }
      return record({
        ...base,
        status: 'applied',
        ...(done?.note !== undefined ? { note: done.note } : {}),
        ...(done?.secret !== undefined ? { secret: done.secret } : {}),
      });
    } catch (error) {
      const info = describeError(error);
      log.error({ err: error }, 'change failed');
      return record({ ...base, status: 'failed', reason: formatErrorInfo(info), error: info });
    }
  };

  function outcomeOf(index: number): Promise<ChangeOutcome> {
    let pending = outcomes.get(index);
    if (pending === undefined) {
      pending = execute(index);
      outcomes.set(index, pending);
    }
    return pending;
  }

  for (const outcome of await Promise.all(plan.changes.map((_, index) => outcomeOf(index)))) {
    if (outcome.status === 'applied') result.applied.push(outcome);
    else if (outcome.status === 'failed') result.failed.push(outcome);
    else result.skipped.push(outcome);
  }
  return result;
}
