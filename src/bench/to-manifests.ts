// A benchmark org as manifests, laid out the way a large team keeps them: org.yaml (members
// and org roles), one file per group, one per project, and policy.yaml.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { BenchOrg } from './generate.js';

const HEADER = { apiVersion: 'orgplane/v1' } as const;

/** File path (relative) → YAML text. */
export function toManifests(org: BenchOrg): Map<string, string> {
  const files = new Map<string, string>();
  const doc = (value: unknown): string => stringify(value, { lineWidth: 0 });

  files.set(
    'org.yaml',
    doc({
      ...HEADER,
      kind: 'Organization',
      spec: {
        members: org.people.map((p) => (p.roles === undefined ? { email: p.email, role: p.role } : { email: p.email, role: p.role, roles: p.roles })),
        roles: org.orgRoles,
        spendLimit: { thresholdAmount: org.spendLimit },
      },
    }),
  );
  for (const group of org.groups) {
    files.set(
      `groups/${group.name}.yaml`,
      doc({ ...HEADER, kind: 'Group', metadata: { name: group.name }, spec: { members: group.members, roles: group.roles } }),
    );
  }
  for (const project of org.projects) {
    const spec: Record<string, unknown> = {
      status: 'active',
      members: project.members.map((m) => (m.roles === undefined ? { email: m.email, role: m.role } : { email: m.email, role: m.role, roles: m.roles })),
      groups: project.groups.map((g) => ({ name: g.name, role: 'member', roles: g.roles })),
    };
    if (project.roles.length > 0) spec.roles = project.roles;
    spec.serviceAccounts = project.serviceAccounts.map((name) => ({ name }));
    spec.rateLimits = project.rateLimits;
    if (project.spendLimit !== undefined) spec.spendLimit = { thresholdAmount: project.spendLimit };
    if (project.modelIds !== undefined) spec.modelPermissions = { mode: 'allow_list', modelIds: project.modelIds };
    files.set(`projects/${project.name}.yaml`, doc({ ...HEADER, kind: 'Project', metadata: { name: project.name }, spec }));
  }
  const owners = org.people.filter((p) => p.role === 'owner').map((p) => p.email);
  files.set(
    'policy.yaml',
    doc({
      ...HEADER,
      kind: 'Policy',
      spec: {
        prune: {
          members: 'report',
          invites: 'delete',
          groups: 'report',
          roles: 'report',
          projects: 'report',
          projectMembers: 'delete',
          projectGroups: 'delete',
          serviceAccounts: 'report',
        },
        // The apply benchmark removes a few hundred project members on purpose.
        safety: { maxDeletes: 100_000, maxDeletePercent: 100, minOwners: 1, protected: owners.slice(0, 1) },
        rules: { allowedEmailDomains: ['example.com'], maxProjectOwners: 3 },
        drift: { selfHeal: false },
      },
    }),
  );
  return files;
}

export async function writeManifests(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  const folders = new Set([...files.keys()].map((file) => path.dirname(path.join(dir, file))));
  for (const folder of folders) await mkdir(folder, { recursive: true });
  for (const [file, text] of files) await writeFile(path.join(dir, file), text);
}
