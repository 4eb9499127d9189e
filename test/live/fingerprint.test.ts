import { describe, expect, it } from 'vitest';
import { fingerprint, fullReadScope, readLiveState } from '../../src/live/index.js';
import { fakeApi } from './fake-api.js';
import { richOrg } from './fixtures.js';

describe('fingerprint', () => {
  it('is the same for the same organization read in a different order', async () => {
    const forward = await readLiveState(fakeApi(richOrg()), fullReadScope());
    const backward = await readLiveState(fakeApi(richOrg(), { reverse: true }), fullReadScope());
    expect([...backward.org.members.keys()]).not.toEqual([...forward.org.members.keys()]);
    expect(fingerprint(backward)).toBe(fingerprint(forward));
    expect(fingerprint(forward)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores whether the admin key owner was looked up', async () => {
    const live = await readLiveState(fakeApi(richOrg()), fullReadScope());
    expect(fingerprint({ ...live, adminKeyOwnerId: 'user-ada' })).toBe(fingerprint(live));
  });

  it('ignores request stats and timestamps', async () => {
    const org = richOrg();
    const first = await readLiveState(fakeApi(org), fullReadScope());
    org.invites = (org.invites ?? []).map((i) => ({ ...i, expires_at: (i.expires_at ?? 0) + 100 }));
    const second = await readLiveState(fakeApi(org), fullReadScope());
    expect(fingerprint({ ...second, stats: { objects: 0, requests: 99, byRoute: {} } })).toBe(fingerprint(first));
  });

  it('changes when a managed value changes', async () => {
    const org = richOrg();
    const before = fingerprint(await readLiveState(fakeApi(org), fullReadScope()));
    org.projects[0]!.rateLimits![0]!.max_tokens_per_1_minute = 1;
    expect(fingerprint(await readLiveState(fakeApi(org), fullReadScope()))).not.toBe(before);
  });

  it('changes when a role assignment is added', async () => {
    const org = richOrg();
    const before = fingerprint(await readLiveState(fakeApi(org), fullReadScope()));
    org.groups![0]!.roles = [];
    expect(fingerprint(await readLiveState(fakeApi(org), fullReadScope()))).not.toBe(before);
  });
});
