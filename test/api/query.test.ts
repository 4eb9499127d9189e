import { describe, expect, it } from 'vitest';
import { fillRoute, toSearchParams } from '../../src/api/query.js';

describe('toSearchParams', () => {
  it('repeats an array as name[] (the official SDKs\' qs brackets), objects as name[key], skips undefined', () => {
    const qs = toSearchParams({ emails: ['a', 'b'], event_types: ['c'], effective_at: { gt: 1, lt: undefined }, limit: 100, after: undefined, include_archived: false });
    expect(decodeURIComponent(qs.toString())).toBe('emails[]=a&emails[]=b&event_types[]=c&effective_at[gt]=1&limit=100&include_archived=false');
  });

  it('sends nothing for an empty array', () => {
    expect(toSearchParams({ emails: [] }).toString()).toBe('');
  });
});

describe('fillRoute', () => {
  it('encodes each path parameter', () => {
    expect(fillRoute('/organization/projects/{project_id}/users/{user_id}', { project_id: 'p/1', user_id: 'u 1' })).toBe(
      '/organization/projects/p%2F1/users/u%201',
    );
  });
  it('refuses a missing or empty parameter rather than calling the collection', () => {
    expect(() => fillRoute('/organization/groups/{group_id}', {})).toThrow(/missing path parameter group_id/);
    expect(() => fillRoute('/organization/groups/{group_id}', { group_id: '' })).toThrow(/group_id/);
  });
});
