import { describe, expect, it } from 'vitest';
import { fillRoute, toSearchParams } from '../../src/api/query.js';

describe('toSearchParams', () => {
  it('writes arrays with brackets, objects as name[key], skips undefined', () => {
    const qs = toSearchParams({ 'event_types': ['a', 'b'], effective_at: { gt: 1, lt: undefined }, limit: 100, after: undefined, include_archived: false });
    expect(decodeURIComponent(qs.toString())).toBe('event_types[]=a&event_types[]=b&effective_at[gt]=1&limit=100&include_archived=false');
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
