// The fewest requests a read scope allows: every list needs at least one page, and N
// objects need ceil(N / max page size) pages. The benchmark compares readLiveState's
// real count with this bound.
import { MAX_PAGE_SIZE } from '../api/page-sizes.js';
import { projectScopeFor, selects } from './scope.js';
import type { ReadCounts, ReadScope } from './types.js';

function pages(route: string, objects: number): number {
  const size = MAX_PAGE_SIZE[route];
  if (size === undefined) throw new Error(`no page size known for ${route}`);
  return Math.max(1, Math.ceil(objects / size));
}

export function minimumRequests(scope: ReadScope, counts: ReadCounts): number {
  let total = pages('/organization/users', counts.users);
  total += pages('/organization/invites', counts.invites);
  total += pages('/organization/projects', counts.projects.length);
  if (scope.orgRoles) total += pages('/organization/roles', counts.orgRoles);
  if (scope.certificates) {
    total += pages('/organization/certificates', counts.certificates);
    if (scope.certificateContent) total += counts.certificates;
  }
  if (scope.governance !== undefined) {
    // Singletons are one request each; alert lists page.
    if (scope.governance.spendLimit) total += 1;
    if (scope.governance.dataRetention) total += 1;
    if (scope.governance.spendAlerts) total += pages('/organization/spend_alerts', counts.spendAlerts ?? 0);
  }
  if (scope.adminKeyOwner === true) total += pages('/organization/admin_api_keys', counts.adminApiKeys);
  for (const [email, roles] of counts.userRoles) {
    if (selects(scope.userRoles, email)) total += pages('/organization/users/{user_id}/roles', roles);
  }
  if (scope.groups) {
    total += pages('/organization/groups', counts.groups.length);
    for (const group of counts.groups) {
      if (selects(scope.groupMembers, group.name)) total += pages('/organization/groups/{group_id}/users', group.members);
      if (selects(scope.groupRoles, group.name)) total += pages('/organization/groups/{group_id}/roles', group.roles);
    }
  }
  for (const project of counts.projects) {
    if (project.archived) continue;
    const ps = projectScopeFor(scope, project);
    if (ps.members) {
      total += pages('/organization/projects/{project_id}/users', project.members.length);
      for (const member of project.members) {
        if (selects(ps.memberRoles, member.email)) {
          total += pages('/projects/{project_id}/users/{user_id}/roles', member.roles);
        }
      }
    }
    if (ps.groups) {
      total += pages('/organization/projects/{project_id}/groups', project.groups.length);
      for (const group of project.groups) total += pages('/projects/{project_id}/groups/{group_id}/roles', group.roles);
    }
    if (ps.roles) total += pages('/projects/{project_id}/roles', project.roles);
    if (ps.serviceAccounts) total += pages('/organization/projects/{project_id}/service_accounts', project.serviceAccounts);
    if (ps.rateLimits) total += pages('/organization/projects/{project_id}/rate_limits', project.rateLimits);
    if (ps.certificates) total += pages('/organization/projects/{project_id}/certificates', project.certificates);
    if (ps.apiKeys) total += pages('/organization/projects/{project_id}/api_keys', project.apiKeys);
    const gov = ps.governance;
    if (gov !== undefined) {
      total += [gov.spendLimit, gov.modelPermissions, gov.hostedToolPermissions, gov.dataRetention].filter(Boolean).length;
      if (gov.spendAlerts) total += pages('/organization/projects/{project_id}/spend_alerts', project.spendAlerts ?? 0);
    }
  }
  return total;
}
