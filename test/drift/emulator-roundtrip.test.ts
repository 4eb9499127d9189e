// In-process round trip against the emulator: a dashboard user removes a declared org role
// from a member; the drift report names that member's role assignments (the audit event
// carries no role) and the re-plan names the role.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createAdminClient } from '../../src/api/index.js';
import { applyPlan, FileSecretsSink } from '../../src/apply/index.js';
import { runDriftReport } from '../../src/drift/index.js';
import { readLiveState, readScopeFor } from '../../src/live/index.js';
import { loadManifests } from '../../src/manifest/index.js';
import { computePlan } from '../../src/plan/index.js';
import { startTestEmulator } from '../support/emulator.js';

it('a role unassigned in the dashboard is reported on the member\'s role set, with the role in the plan line', async () => {
  const emu = await startTestEmulator();
  try {
    const api = createAdminClient({ baseUrl: emu.baseUrl, adminKey: emu.adminKey });
    const desired = (await loadManifests('policies')).desired!;
    const live = await readLiveState(api, readScopeFor(desired));
    const secrets = new FileSecretsSink(mkdtempSync(path.join(tmpdir(), 'orgplane-drift-')));
    const applied = await applyPlan(computePlan(desired, live), api, { live, policy: desired.policy, secrets });
    expect(applied.refusals).toEqual([]);

    const users = await emu.listAll<{ id: string; email: string }>('/organization/users');
    const margaret = users.find((u) => u.email === 'margaret@acme.test')!;
    const [role] = await emu.listAll<{ id: string; name: string }>(`/organization/users/${margaret.id}/roles`);
    expect(role?.name).toBe('billing-viewer');
    const removed = await emu.actAs('grace@acme.test', 'DELETE', `/organization/users/${margaret.id}/roles/${role!.id}`, undefined, '198.51.100.7');
    expect(removed.status).toBe(200);

    const report = await runDriftReport({ configDir: 'policies', api, adminKey: emu.adminKey, sinceSeconds: 0 });
    const alert = report.alerts.find((a) => a.eventType === 'role.assignment.deleted');
    expect(alert?.targets.map((t) => t.address)).toEqual(['org.member["margaret@acme.test"].role[*]']);
    expect(alert?.summary).toContain(
      'grace@acme.test from 198.51.100.7 made role.assignment.deleted on the role assignments of org.member["margaret@acme.test"], declared at org.yaml:25',
    );
    expect(alert?.planned).toEqual(['+ assign org.member["margaret@acme.test"].role["billing-viewer"] (role: ∅ → billing-viewer)']);
  } finally {
    await emu.stop();
  }
}, 120_000);
