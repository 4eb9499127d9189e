// A plan applyPlan cannot execute at all (a dependency cycle, a change with no executor)
// makes applyPlan throw PlanExecutionError before any change: the reconciler reports it
// (log, one notice, cycle result `error`) and the loop goes on.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAdminClient } from '../../src/api/index.js';
import { createDaemonMetrics, Reconciler, type CycleReport } from '../../src/daemon/index.js';
import type { DriftAlert, Notice } from '../../src/drift/index.js';
import { silentLogger } from '../../src/logging/logger.js';
import type * as PlanModule from '../../src/plan/index.js';
import type { Change, Plan } from '../../src/plan/types.js';
import { createFolderSource } from '../../src/source/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const HOUR = 3_600_000;
const broken = vi.hoisted(() => ({ extra: [] as Change[] }));

vi.mock('../../src/plan/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof PlanModule>();
  return {
    ...original,
    computePlan: (...args: Parameters<typeof original.computePlan>): Plan => {
      const plan = original.computePlan(...args);
      return broken.extra.length === 0 ? plan : { ...plan, changes: [...plan.changes, ...broken.extra] };
    },
  };
});

function groupCreate(name: string, dependsOn: string): Change {
  return {
    address: `org.group["${name}"]`,
    kind: 'org.group',
    action: 'create',
    target: { group: name },
    after: { name },
    reason: 'test',
    destructive: false,
    dependsOn: [`org.group["${dependsOn}"]`],
  };
}

describe('Reconciler in apply mode, with a plan that cannot be executed', () => {
  let emu: TestEmulator;
  let reconciler: Reconciler;
  let cycles: CycleReport[];
  let notices: Notice[];
  let alerts: DriftAlert[];
  let heals: number;

  beforeEach(async () => {
    emu = await startTestEmulator();
    const work = mkdtempSync(path.join(tmpdir(), 'orgplane-reconciler-'));
    const policies = path.join(work, 'policies');
    cpSync(path.resolve('policies'), policies, { recursive: true });
    const policyFile = path.join(policies, 'policy.yaml');
    writeFileSync(policyFile, readFileSync(policyFile, 'utf8').replace('selfHeal: false', 'selfHeal: true'));
    cycles = [];
    notices = [];
    alerts = [];
    heals = 0;
    const keys = await emu.listAll<{ id: string }>('/organization/admin_api_keys');
    reconciler = new Reconciler({
      source: createFolderSource(policies),
      api: createAdminClient({ baseUrl: emu.baseUrl, adminKey: emu.adminKey }),
      stateDir: path.join(work, 'state'),
      mode: 'apply',
      intervalMs: HOUR,
      auditIntervalMs: HOUR,
      resyncMs: HOUR,
      ownActorIds: new Set(keys.map((k) => k.id)),
      sinks: [{ name: 'test', send: () => Promise.resolve(), notice: (n) => Promise.resolve(void notices.push(n)) }],
      logger: silentLogger(),
      metrics: createDaemonMetrics({ defaultMetrics: false }),
      secrets: { write: () => Promise.resolve({ location: 'nowhere' }) },
      onCycle: (r) => cycles.push(r),
      onAlert: (a) => alerts.push(a),
      onHeal: () => void (heals += 1),
    });
  });

  afterEach(async () => {
    broken.extra = [];
    await reconciler.stop();
    await emu.stop();
  });

  it('reports a dependency cycle (error result, one notice), changes nothing, and goes on with the next cycle', async () => {
    broken.extra = [groupCreate('loop-a', 'loop-b'), groupCreate('loop-b', 'loop-a')];
    await reconciler.start();
    await reconciler.firstCycle;
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatchObject({ trigger: 'startup', result: 'error', error: expect.stringMatching(/cycle/) });
    expect(notices).toMatchObject([{ kind: 'apply-refused', details: [expect.stringMatching(/dependencies form a cycle/)] }]);
    const writes = Object.keys((await emu.requests()).byRoute).filter((r) => !r.startsWith('GET '));
    expect(writes).toEqual([]);

    // The next cycle runs; the same problem is not noticed twice.
    await reconciler.runCycle('resync');
    expect(cycles[1]).toMatchObject({ result: 'error' });
    expect(notices).toHaveLength(1);

    // Once the plan is executable again, the loop applies it.
    broken.extra = [];
    await reconciler.runCycle('resync');
    expect(cycles[2]).toMatchObject({ result: 'applied' });
    expect(cycles[2]!.apply!.failed).toEqual([]);
  });

  it('reports a change no executor handles the same way', async () => {
    broken.extra = [{ ...groupCreate('odd', 'odd'), action: 'archive', dependsOn: [] } as Change];
    await reconciler.start();
    await reconciler.firstCycle;
    expect(cycles[0]).toMatchObject({ result: 'error', error: expect.stringMatching(/no executor for org\.group archive/) });
    expect(notices).toMatchObject([{ kind: 'apply-refused' }]);
    const writes = Object.keys((await emu.requests()).byRoute).filter((r) => !r.startsWith('GET '));
    expect(writes).toEqual([]);
  });

  it('reports an unexecutable self-heal plan after a drift alert, and the audit loop goes on', async () => {
    await reconciler.start();
    await reconciler.firstCycle;
    expect(cycles[0]).toMatchObject({ result: 'applied' });
    const alan = (await emu.listAll<{ id: string; email: string }>('/organization/users')).find((u) => u.email === 'alan@acme.test')!;
    await emu.actAs('grace@acme.test', 'POST', `/organization/users/${alan.id}`, { role: 'owner' });
    // The re-plan made for the revert holds a change no executor handles, on the drifted address.
    broken.extra = [{ ...groupCreate('odd', 'odd'), address: 'org.member["alan@acme.test"]', kind: 'org.member', action: 'archive', dependsOn: [] } as unknown as Change];
    await emu.resetRequests();
    await reconciler.pollAudit();
    expect(alerts).toMatchObject([{ eventType: 'user.updated', response: 'revert' }]);
    expect(heals).toBe(0);
    expect(notices).toMatchObject([{ kind: 'apply-refused', details: [expect.stringMatching(/no executor for org\.member archive/)] }]);
    const writes = Object.keys((await emu.requests()).byRoute).filter((r) => !r.startsWith('GET '));
    expect(writes).toEqual([]);
    // The events count as handled: the next poll alerts nothing new.
    await reconciler.pollAudit();
    expect(alerts).toHaveLength(1);
  });
});
