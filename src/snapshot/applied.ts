// The reads an apply's own changes make stale: the convergence check re-reads only these
// (plus what the audit log reports), whether or not the log shows apply's events yet.
import { looseTarget } from '../plan/change-view.js';
import type { Change } from '../plan/types.js';
import type { ReadIndex } from './invalidate.js';

/** Kept reads a set of applied changes may have changed; ids come from each change's target. */
export function staleAfterChanges(changes: readonly Change[], index: ReadIndex): string[] {
  const keys = new Set<string>();
  const add = (list: readonly string[]): void => {
    for (const k of list) keys.add(k);
  };
  for (const change of changes) {
    const t = looseTarget(change);
    const pid = t.projectId;
    // A project without an id is created by this apply: nothing under it was kept.
    if (change.kind.startsWith('project.') && pid === undefined) continue;
    const removed = change.action === 'delete' || change.action === 'archive';
    switch (change.kind) {
      case 'org.member':
        add(index.of('listUsers'));
        add(index.of('listInvites'));
        // Removing a user leaves every project and group: the answers that hold them.
        if (removed && t.userId !== undefined) add([...index.mentioning(t.userId), ...index.under(t.userId)]);
        break;
      case 'org.invite':
        add(index.of('listInvites'));
        break;
      case 'org.member.role':
        add(t.userId === undefined ? index.of('listUserRoles') : index.of('listUserRoles', t.userId));
        break;
      case 'org.group':
        add(index.of('listGroups'));
        if (t.groupId !== undefined) add([...index.mentioning(t.groupId), ...index.under(t.groupId)]);
        break;
      case 'org.group.member':
        add(t.groupId === undefined ? index.of('listGroupUsers') : index.of('listGroupUsers', t.groupId));
        break;
      case 'org.group.role':
        add(t.groupId === undefined ? index.of('listGroupRoles') : index.of('listGroupRoles', t.groupId));
        break;
      case 'org.role':
        add(index.of('listRoles'));
        if (t.roleId !== undefined) add(index.mentioning(t.roleId));
        break;
      case 'org.certificate':
        add(index.of('listCertificates'));
        if (t.certificateId !== undefined) add(index.mentioning(t.certificateId));
        break;
      case 'project':
        add(index.of('listProjects'));
        break;
      case 'project.member':
      case 'project.member.role':
        add(index.of('listProjectUsers', pid));
        add(index.of('listProjectUserRoles', pid, t.userId));
        break;
      case 'project.group':
      case 'project.group.role':
        add(index.of('listProjectGroups', pid));
        add(index.of('listProjectGroupRoles', pid, t.groupId));
        break;
      case 'project.role':
        add(index.of('listProjectRoles', pid));
        if (t.roleId !== undefined) add(index.mentioning(t.roleId));
        break;
      case 'project.service_account':
        add(index.of('listProjectServiceAccounts', pid));
        break;
      case 'project.rate_limit':
        add(index.of('listProjectRateLimits', pid));
        break;
      case 'project.certificate':
        add(index.of('listProjectCertificates', pid));
        break;
      // The governance settings (blind reads: see reads.ts).
      case 'org.spend_limit':
        add(index.of('getOrgSpendLimit'));
        break;
      case 'org.spend_alert':
        add(index.of('listOrgSpendAlerts'));
        break;
      case 'org.data_retention':
        add(index.of('getOrgDataRetention'));
        break;
      case 'project.spend_limit':
        add(index.of('getProjectSpendLimit', pid));
        break;
      case 'project.spend_alert':
        add(index.of('listProjectSpendAlerts', pid));
        break;
      case 'project.model_permissions':
        add(index.of('getProjectModelPermissions', pid));
        break;
      case 'project.hosted_tool_permissions':
        add(index.of('getProjectHostedToolPermissions', pid));
        break;
      case 'project.data_retention':
        add(index.of('getProjectDataRetention', pid));
        break;
      default: {
        // A kind added without its line here: everything kept is suspect.
        const unknown: never = change;
        void unknown;
        add(index.all());
      }
    }
  }
  return [...keys];
}
