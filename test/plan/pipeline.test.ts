import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminApiKey } from '../../src/api/types.js';
import { fingerprint } from '../../src/live/index.js';
import { runPlanPipeline } from '../../src/plan/index.js';
import { fakeApi } from '../live/fake-api.js';
import { richOrg } from '../live/fixtures.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const ADMIN_KEY = 'sk-admin-abcdefghijklmnop1234';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'orgplane-pipeline-'));
  await writeFile(
    path.join(dir, 'org.yaml'),
    [
      'apiVersion: orgplane/v1',
      'kind: Organization',
      'spec:',
      '  members:',
      '    - email: ada@example.com',
      '      role: owner',
      '    - email: grace@example.com',
      '      role: reader',
      '  groups:',
      '    - name: ml-platform',
      '      members: [ada@example.com]',
      '',
    ].join('\n'),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const key = (id: string, redacted: string, owner: string): AdminApiKey => ({
  object: 'organization.admin_api_key',
  id,
  redacted_value: redacted,
  created_at: 1,
  expires_at: null,
  owner: { type: 'user', id: owner },
});

function orgWithTwoAdminKeys() {
  return { ...richOrg(), adminKeys: [key('k1', 'sk-admin...9999', 'user-grace'), key('k2', 'sk-admin...1234', 'user-ada')] };
}

describe('runPlanPipeline: the admin key owner', () => {
  it('finds the owner of the key in use among several admin keys when given the key', async () => {
    const withKey = await runPlanPipeline({
      configDir: dir,
      api: fakeApi(orgWithTwoAdminKeys()),
      adminKeyOwner: true,
      adminKey: ADMIN_KEY,
      now: NOW,
    });
    expect(withKey.live.adminKeyOwnerId).toBe('user-ada');

    const withoutKey = await runPlanPipeline({ configDir: dir, api: fakeApi(orgWithTwoAdminKeys()), adminKeyOwner: true, now: NOW });
    expect(withoutKey.live.adminKeyOwnerId).toBeUndefined();
    // plan and apply must agree on the fingerprint whether or not the owner was found.
    expect(withKey.plan.liveFingerprint).toBe(withoutKey.plan.liveFingerprint);
    expect(fingerprint(withKey.live)).toBe(fingerprint(withoutKey.live));
  });

  it('never puts the admin key into the plan', async () => {
    const { plan } = await runPlanPipeline({
      configDir: dir,
      api: fakeApi(orgWithTwoAdminKeys()),
      adminKeyOwner: true,
      adminKey: ADMIN_KEY,
      now: NOW,
    });
    expect(JSON.stringify(plan)).not.toContain(ADMIN_KEY);
  });
});

describe('runPlanPipeline: SCIM groups as the spec sends them', () => {
  it('refuses to change the members of a group listed with is_scim_managed: true', async () => {
    const org = richOrg();
    const listed = org.groups?.[0];
    if (listed === undefined) throw new Error('fixture has no group');
    listed.group = { id: 'group-ml', name: 'ml-platform', created_at: 1, is_scim_managed: true, group_type: 'group' };
    const { plan } = await runPlanPipeline({ configDir: dir, api: fakeApi(org), now: NOW });
    expect(plan.conflicts.map((c) => c.address)).toContain('org.group["ml-platform"]');
    expect(plan.changes.filter((c) => c.address.startsWith('org.group["ml-platform"]'))).toEqual([]);
  });
});
