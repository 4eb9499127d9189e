// The largest page each list endpoint accepts, so that N objects cost ceil(N / max)
// requests (requests are the scarce resource: API-NOTES). Sources: the `limit` parameter of
// each section of reference/openai-admin-api.md, and reference/openapi-admin.yaml where it
// says more (the spec wins on shape).
//
// | route                                                | max  | where it is stated                                                        |
// |------------------------------------------------------|------|---------------------------------------------------------------------------|
// | /organization/audit_logs                             | 100  | "List audit logs": 1..100, default 20                                     |
// | /organization/admin_api_keys                         | 100  | not stated (default 20); assumed like its first_id/last_id siblings       |
// | /organization/invites                                | 100  | "List invites": 1..100, default 20                                        |
// | /organization/users                                  | 100  | "List users": 1..100, default 20                                          |
// | /organization/users/{user_id}/roles                  | 1000 | spec: minimum 0, maximum 1000 (reference states no range)                 |
// | /organization/groups                                 | 1000 | "List groups": 0..1000, default 100                                       |
// | /organization/groups/{group_id}/users                | 1000 | "List group users": 0..1000, default 100                                  |
// | /organization/groups/{group_id}/roles                | 1000 | spec: 0..1000 (reference states no range)                                 |
// | /organization/roles                                  | 1000 | "List organization roles": default 1000; spec 0..1000                     |
// | /organization/certificates                           | 100  | "List organization certificates": 1..100, default 20                      |
// | /organization/projects                               | 100  | "List projects": 1..100, default 20                                       |
// | /organization/projects/{project_id}/users            | 100  | "List project users": 1..100, default 20                                  |
// | /projects/{project_id}/users/{user_id}/roles         | 1000 | spec: 0..1000 (reference states no range)                                 |
// | /organization/projects/{project_id}/service_accounts | 100  | "List project service accounts": 1..100, default 20                       |
// | /organization/projects/{project_id}/api_keys         | 100  | "List project API keys": 1..100, default 20                               |
// | /organization/projects/{project_id}/rate_limits      | 100  | "List project rate limits": default 100, no maximum stated: stay at it    |
// | /organization/projects/{project_id}/groups           | 100  | spec: 0..100, default 20 (reference: "Defaults to 20", no range)          |
// | /projects/{project_id}/groups/{group_id}/roles       | 1000 | spec: 0..1000 (reference states no range)                                 |
// | /projects/{project_id}/roles                         | 1000 | "List project roles": default 1000; spec 0..1000                          |
// | /organization/projects/{project_id}/certificates     | 100  | "List project certificates": 1..100, default 20                           |
// | /organization/spend_alerts                           | 100  | spec: 0..100, default 20 (cursor: first_id/last_id/has_more, `after`)      |
// | /organization/projects/{project_id}/spend_alerts     | 100  | spec: 0..100, default 20 (cursor: first_id/last_id/has_more, `after`)      |
// | /organization/costs                                  | 180  | "Costs": buckets 1..180, default 7                                        |
// | /organization/usage/{kind}                           | 31 / 168 / 1440 | spec: per bucket_width 1d / 1h / 1m                            |
export const MAX_PAGE_SIZE: Readonly<Record<string, number>> = {
  '/organization/audit_logs': 100,
  '/organization/admin_api_keys': 100,
  '/organization/invites': 100,
  '/organization/users': 100,
  '/organization/users/{user_id}/roles': 1000,
  '/organization/groups': 1000,
  '/organization/groups/{group_id}/users': 1000,
  '/organization/groups/{group_id}/roles': 1000,
  '/organization/roles': 1000,
  '/organization/certificates': 100,
  '/organization/projects': 100,
  '/organization/projects/{project_id}/users': 100,
  '/projects/{project_id}/users/{user_id}/roles': 1000,
  '/organization/projects/{project_id}/service_accounts': 100,
  '/organization/projects/{project_id}/api_keys': 100,
  '/organization/projects/{project_id}/rate_limits': 100,
  '/organization/projects/{project_id}/groups': 100,
  '/projects/{project_id}/groups/{group_id}/roles': 1000,
  '/projects/{project_id}/roles': 1000,
  '/organization/projects/{project_id}/certificates': 100,
  '/organization/spend_alerts': 100,
  '/organization/projects/{project_id}/spend_alerts': 100,
  '/organization/costs': 180,
};

/** Usage buckets per page by bucket width (spec, `limit` of /organization/usage/*). */
export const USAGE_MAX_BUCKETS: Readonly<Record<'1m' | '1h' | '1d', number>> = {
  '1d': 31,
  '1h': 168,
  '1m': 1440,
};

/** `max`: ask for the largest page (the default). `default`: send no limit (a naive script's cost). */
export type PageSizeMode = 'max' | 'default';

export function pageLimit(route: string, mode: PageSizeMode): number | undefined {
  if (mode === 'default') return undefined;
  const max = MAX_PAGE_SIZE[route];
  if (max === undefined) throw new Error(`no page size known for ${route}`);
  return max;
}
