// The drift report and the daemon run the same workflow as `plan`: an unknown role in a
// Group's roles list is reported at that list item, not at the group.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdminClient } from '../../src/api/index.js';
import { createDaemonMetrics, Reconciler, type CycleReport } from '../../src/daemon/index.js';
import { runDriftReport } from '../../src/drift/index.js';
import { silentLogger } from '../../src/logging/logger.js';
import { formatPlanProblem, PlanError, runPlanPipeline } from '../../src/plan/index.js';
import { createFolderSource } from '../../src/source/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const HOUR = 3_600_000;
// Line 13, column 7: the list item "Billing Viewr" (the model only knows the group, at 5:9).
const SUPPORT_GROUP = [
  '# yaml-language-server: $schema=../../schemas/orgplane.schema.json',
  'apiVersion: orgplane/v1',
  'kind: Group',
  'metadata:',
  '  name: support',
  'spec:',
  '  members:',
  '    - grace@acme.test',
  '    - margaret@acme.test',
  '    - barbara@acme.test',
  '  roles:',
  '    - billing-viewer',
  '    - Billing Viewr',
  '',
].join('\n');
const AT_LIST_ITEM = /^groups\/support\.yaml:13:7 error: unknown role "Billing Viewr"/;

let emu: TestEmulator;
let policies: string;
let work: string;

beforeEach(async () => {
  emu = await startTestEmulator();
  work = mkdtempSync(path.join(tmpdir(), 'orgplane-positions-'));
  policies = path.join(work, 'policies');
  cpSync(path.resolve('policies'), policies, { recursive: true });
  writeFileSync(path.join(policies, 'groups/support.yaml'), SUPPORT_GROUP);
});
afterEach(async () => {
  await emu.stop();
});

async function planProblems(run: () => Promise<unknown>): Promise<string[]> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlanError);
  return (error as PlanError).problems.map(formatPlanProblem);
}

describe('an unknown role in a Group roles list', () => {
  it('plan points at the list item', async () => {
    const api = createAdminClient({ baseUrl: emu.baseUrl, adminKey: emu.adminKey });
    const problems = await planProblems(() => runPlanPipeline({ configDir: policies, api }));
    expect(problems).toEqual([expect.stringMatching(AT_LIST_ITEM)]);
  });

  it('the drift report points at the list item', async () => {
    const api = createAdminClient({ baseUrl: emu.baseUrl, adminKey: emu.adminKey });
    const problems = await planProblems(() => runDriftReport({ configDir: policies, api, adminKey: emu.adminKey, sinceSeconds: 0 }));
    expect(problems).toEqual([expect.stringMatching(AT_LIST_ITEM)]);
  });

  it('the daemon reports the cycle failed at the list item', async () => {
    const cycles: CycleReport[] = [];
    const keys = await emu.listAll<{ id: string }>('/organization/admin_api_keys');
    const reconciler = new Reconciler({
      source: createFolderSource(policies),
      api: createAdminClient({ baseUrl: emu.baseUrl, adminKey: emu.adminKey }),
      stateDir: path.join(work, 'state'),
      mode: 'report',
      intervalMs: HOUR,
      auditIntervalMs: HOUR,
      resyncMs: HOUR,
      ownActorIds: new Set(keys.map((k) => k.id)),
      sinks: [],
      logger: silentLogger(),
      metrics: createDaemonMetrics({ defaultMetrics: false }),
      onCycle: (r) => cycles.push(r),
    });
    try {
      await reconciler.start();
      await reconciler.firstCycle;
    } finally {
      await reconciler.stop();
    }
    expect(cycles).toMatchObject([{ trigger: 'startup', result: 'failed', error: expect.stringMatching(AT_LIST_ITEM) }]);
  });
});
