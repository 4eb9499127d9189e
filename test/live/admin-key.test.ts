import { describe, expect, it } from 'vitest';
import { ownAdminKeyMatcher, readLiveState, readScopeFor } from '../../src/live/index.js';
import type { AdminApiKey } from '../../src/api/types.js';
import { desired, IGNORE_ALL } from './desired.js';
import { fakeApi } from './fake-api.js';
import { richOrg } from './fixtures.js';

const key = (id: string, redacted: string, owner: string): AdminApiKey => ({
  object: 'organization.admin_api_key',
  id,
  redacted_value: redacted,
  created_at: 1,
  expires_at: null,
  owner: { type: 'user', id: owner },
});

describe('ownAdminKeyMatcher', () => {
  const matches = ownAdminKeyMatcher('sk-admin-abcdefghijklmnop1234');

  it('matches the redacted form of the key in use', () => {
    expect(matches(key('k1', 'sk-admin...1234', 'u'))).toBe(true);
    expect(matches(key('k1', 'sk-admin…1234', 'u'))).toBe(true);
  });

  it('does not match another key or a value too redacted to tell', () => {
    expect(matches(key('k2', 'sk-admin...9999', 'u'))).toBe(false);
    expect(matches(key('k3', 'sk...4', 'u'))).toBe(false);
    expect(matches(key('k4', 'redacted', 'u'))).toBe(false);
  });

  it('lets the reader name the owner of the key in use among several', async () => {
    const api = fakeApi({
      ...richOrg(),
      adminKeys: [key('k1', 'sk-admin...9999', 'user-grace'), key('k2', 'sk-admin...1234', 'user-ada')],
    });
    const scope = { ...readScopeFor(desired({ prune: IGNORE_ALL })), adminKeyOwner: true };
    expect((await readLiveState(api, scope)).adminKeyOwnerId).toBeUndefined();
    expect((await readLiveState(api, scope, { isOwnAdminKey: matches })).adminKeyOwnerId).toBe('user-ada');
  });
});
