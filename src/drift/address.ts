// Plan addresses (DESIGN.md "Plan"): `org.member["ada@example.com"]`,
// `project["search"].rate_limit["gpt-4o"]`. Names are JSON-quoted so any character is safe.
const q = (name: string): string => JSON.stringify(name);

export const addr = {
  member: (email: string) => `org.member[${q(email)}]`,
  memberRole: (email: string, role: string) => `org.member[${q(email)}].role[${q(role)}]`,
  invite: (email: string) => `org.invite[${q(email)}]`,
  group: (name: string) => `org.group[${q(name)}]`,
  groupMember: (name: string, email: string) => `org.group[${q(name)}].member[${q(email)}]`,
  groupRole: (name: string, role: string) => `org.group[${q(name)}].role[${q(role)}]`,
  role: (name: string) => `org.role[${q(name)}]`,
  certificate: (name: string) => `org.certificate[${q(name)}]`,
  project: (name: string) => `project[${q(name)}]`,
  projectMember: (p: string, email: string) => `project[${q(p)}].member[${q(email)}]`,
  projectMemberRole: (p: string, email: string, role: string) =>
    `project[${q(p)}].member[${q(email)}].role[${q(role)}]`,
  projectGroup: (p: string, g: string) => `project[${q(p)}].group[${q(g)}]`,
  projectGroupRole: (p: string, g: string, role: string) => `project[${q(p)}].group[${q(g)}].role[${q(role)}]`,
  projectRole: (p: string, role: string) => `project[${q(p)}].role[${q(role)}]`,
  serviceAccount: (p: string, name: string) => `project[${q(p)}].service_account[${q(name)}]`,
  rateLimit: (p: string, model: string) => `project[${q(p)}].rate_limit[${q(model)}]`,
  projectCertificate: (p: string, name: string) => `project[${q(p)}].certificate[${q(name)}]`,
} as const;

/** True when one address is the other or contains it (`org.member["a"]` covers `org.member["a"].role["R"]`). */
export function addressesOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.startsWith(short) && long[short.length] === '.';
}
