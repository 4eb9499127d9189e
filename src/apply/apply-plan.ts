// Executes a plan: guards first (any refusal → nothing runs), then every change as
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
import { IdRegistry } from './registry.js';
import { FileSecretsSink } from './secrets-sink.js';
import type { ApplyOptions, ApplyResult, ChangeOutcome } from './types.js';

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Throws before any mutation when the plan cannot be run as a whole. */
export function checkExecutable(plan: Plan): void {
  const byAddress = new Map<string, Change>();
  for (const change of plan.changes) {
    if (byAddress.has(change.address)) throw new PlanExecutionError(`the plan holds ${change.address} twice`);
    byAddress.set(change.address, change);
    if (executorFor(change) === undefined) {
      throw new PlanExecutionError(`no executor for ${change.kind} ${change.action} (${change.address}): this orgplane cannot apply it`);
    }
  }
  // Depth-first search for a cycle: it would leave its changes waiting forever.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (address: string, path: string[]): void => {
    const seen = state.get(address);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(address)), address];
      throw new PlanExecutionError(`the plan's dependencies form a cycle: ${cycle.join(' → ')}`);
    }
    state.set(address, 'visiting');
    for (const dependency of byAddress.get(address)?.dependsOn ?? []) {
      if (byAddress.has(dependency)) visit(dependency, [...path, address]);
    }
    state.set(address, 'done');
  };
  for (const address of byAddress.keys()) visit(address, []);
}

export async function applyPlan(plan: Plan, api: AdminApi, options: ApplyOptions): Promise<ApplyResult> {
  const logger = options.logger ?? silentLogger();
  const guards = evaluateGuards(plan, options.live, options.policy, {
    ...(options.maxDeletes !== undefined ? { maxDeletes: options.maxDeletes } : {}),
  });
  for (const warning of guards.warnings) logger.warn({ warning }, 'guard skipped');
  const result: ApplyResult = { refusals: guards.refusals, applied: [], failed: [], skipped: [], warnings: [...guards.warnings] };
  if (guards.refusals.length > 0) {
    for (const refusal of guards.refusals) logger.error({ rule: refusal.rule, changes: refusal.changes.length }, 'plan refused by a guard');
    return result;
  }
  checkExecutable(plan);

  const registry = new IdRegistry(api);
  registry.seed(options.live);
  const run: RunContext = {
    api,
    logger,
    registry,
    sleep: options.sleep ?? realSleep,
    secrets: options.secrets ?? new FileSecretsSink(),
  };
  const byAddress = new Map(plan.changes.map((c) => [c.address, c]));
  const outcomes = new Map<string, Promise<ChangeOutcome>>();

  const record = (outcome: ChangeOutcome): ChangeOutcome => {
    if (outcome.status === 'applied') result.applied.push(outcome);
    else if (outcome.status === 'failed') result.failed.push(outcome);
    else result.skipped.push(outcome);
    options.onOutcome?.(outcome);
    return outcome;
  };

  const execute = async (change: Change): Promise<ChangeOutcome> => {
    const base = { address: change.address, kind: change.kind, action: change.action };
    const dependencies = change.dependsOn.filter((a) => a !== change.address && byAddress.has(a));
    const settled = await Promise.all(dependencies.map((a) => outcomeOf(byAddress.get(a)!)));
    const blocker = settled.find((o) => o.status !== 'applied');
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
      log.error({ status: info.status, code: info.code, requestId: info.requestId, reason: info.message }, 'change failed');
      return record({ ...base, status: 'failed', reason: formatErrorInfo(info), error: info });
    }
  };

  function outcomeOf(change: Change): Promise<ChangeOutcome> {
    let pending = outcomes.get(change.address);
    if (pending === undefined) {
      pending = execute(change);
      outcomes.set(change.address, pending);
    }
    return pending;
  }

  await Promise.all(plan.changes.map(outcomeOf));
  return result;
}
