// A benchmark org as an emulator seed (src/emulator/seed-types.ts, the format the emulator
// command's --seed reads): the live organization the benchmark plans against.
import type { EmulatorSeed, SeedProject, SeedRoleAssignment } from '../emulator/index.js';
import type { BenchOrg } from './generate.js';

/** Project groups are granted the predefined member role (its id, as the API stores it). */
const PROJECT_MEMBER_ROLE_ID = 'role-api-project-member';

export function toSeed(org: BenchOrg): EmulatorSeed {
  const assignments: SeedRoleAssignment[] = [];
  for (const person of org.people) {
    for (const role of person.roles ?? []) assignments.push({ principal_type: 'user', principal: person.email, role });
  }
  for (const group of org.groups) {
    for (const role of group.roles) assignments.push({ principal_type: 'group', principal: group.name, role });
  }
  const projects: SeedProject[] = org.projects.map((project) => {
    for (const member of project.members) {
      for (const role of member.roles ?? []) {
        assignments.push({ principal_type: 'user', principal: member.email, role, project_id: project.id });
      }
    }
    for (const group of project.groups) {
      for (const role of group.roles) {
        assignments.push({ principal_type: 'group', principal: group.name, role, project_id: project.id });
      }
    }
    return {
      id: project.id,
      name: project.name,
      users: project.members.map((m) => ({ user: m.email, role: m.role })),
      groups: project.groups.map((g) => ({ group: g.name, role: PROJECT_MEMBER_ROLE_ID })),
      service_accounts: project.serviceAccounts.map((name) => ({ name, role: 'member' as const, api_key: null })),
      rate_limits: Object.entries(project.rateLimits).map(([model, limit]) => ({
        model,
        max_requests_per_1_minute: limit.maxRequestsPer1Minute,
        max_tokens_per_1_minute: limit.maxTokensPer1Minute,
      })),
      ...(project.spendLimit === undefined ? {} : { spend_limit: { threshold_amount: project.spendLimit } }),
      ...(project.modelIds === undefined ? {} : { model_permissions: { mode: 'allow_list' as const, model_ids: [...project.modelIds] } }),
    };
  });
  return {
    organization: { id: 'org-bench', name: `Benchmark org (${org.size.name})` },
    users: org.people.map((p) => ({ email: p.email, name: p.email.split('@')[0] ?? p.email, role: p.role })),
    groups: org.groups.map((g) => ({ name: g.name, users: [...g.members] })),
    roles: [
      ...org.orgRoles.map((r) => ({ name: r.name, description: r.description, permissions: [...r.permissions] })),
      ...org.projects.flatMap((p) =>
        p.roles.map((r) => ({ name: r.name, description: r.description, permissions: [...r.permissions], project_id: p.id })),
      ),
    ],
    role_assignments: assignments,
    projects,
    spend_limit: { threshold_amount: org.spendLimit },
  };
}
