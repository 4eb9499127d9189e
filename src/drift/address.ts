// Plan addresses (DESIGN.md "Plan"): `org.member["ada@example.com"]`,
// `project["search"].rate_limit["gpt-4o"]`. Names are JSON-quoted so any character is safe.
//
// Drift targets may also name a SET: `org.member["ada@example.com"].role[*]` is "the role
// assignments of ada" (an audit event that says a role of ada changed without naming it),
// `org.group[*].member[*]` is "some group's members". `[*]` stands for any one name; plan
// changes never carry it, they are matched against it.
const q = (name: string): string => JSON.stringify(name);

/** The `[*]` segment of a set address. */
export const ANY = '[*]';

export const addr = {
  member: (email: string) => `org.member[${q(email)}]`,
  memberRole: (email: string, role: string) => `org.member[${q(email)}].role[${q(role)}]`,
  memberRoles: (email: string) => `org.member[${q(email)}].role${ANY}`,
  invite: (email: string) => `org.invite[${q(email)}]`,
  group: (name: string) => `org.group[${q(name)}]`,
  groupMember: (name: string, email: string) => `org.group[${q(name)}].member[${q(email)}]`,
  anyGroupMember: () => `org.group${ANY}.member${ANY}`,
  groupRole: (name: string, role: string) => `org.group[${q(name)}].role[${q(role)}]`,
  groupRoles: (name: string) => `org.group[${q(name)}].role${ANY}`,
  role: (name: string) => `org.role[${q(name)}]`,
  certificate: (name: string) => `org.certificate[${q(name)}]`,
  project: (name: string) => `project[${q(name)}]`,
  projectMember: (p: string, email: string) => `project[${q(p)}].member[${q(email)}]`,
  projectMembers: (p: string) => `project[${q(p)}].member${ANY}`,
  projectMemberRole: (p: string, email: string, role: string) =>
    `project[${q(p)}].member[${q(email)}].role[${q(role)}]`,
  projectMemberRoles: (p: string, email: string) => `project[${q(p)}].member[${q(email)}].role${ANY}`,
  projectGroup: (p: string, g: string) => `project[${q(p)}].group[${q(g)}]`,
  projectGroupRole: (p: string, g: string, role: string) => `project[${q(p)}].group[${q(g)}].role[${q(role)}]`,
  projectGroupRoles: (p: string, g: string) => `project[${q(p)}].group[${q(g)}].role${ANY}`,
  projectRole: (p: string, role: string) => `project[${q(p)}].role[${q(role)}]`,
  serviceAccount: (p: string, name: string) => `project[${q(p)}].service_account[${q(name)}]`,
  rateLimit: (p: string, model: string) => `project[${q(p)}].rate_limit[${q(model)}]`,
  projectCertificate: (p: string, name: string) => `project[${q(p)}].certificate[${q(name)}]`,
} as const;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A JSON-quoted name, as `q` writes it. */
const QUOTED_NAME = String.raw`\["(?:[^"\\]|\\.)*"\]`;

/** Does `pattern` (which may hold `[*]`) equal `address`, or contain it as an ancestor? */
function coversPrefix(pattern: string, address: string): boolean {
  if (!pattern.includes(ANY)) return address === pattern || (address.startsWith(pattern) && address[pattern.length] === '.');
  const source = escape(pattern).split(escape(ANY)).join(QUOTED_NAME);
  return new RegExp(`^${source}(?:\\.|$)`).test(address);
}

/**
 * True when one address is the other or contains it (`org.member["a"]` covers
 * `org.member["a"].role["R"]`); a `[*]` segment matches any one name
 * (`org.member["a"].role[*]` covers `org.member["a"].role["R"]`).
 */
export function addressesOverlap(a: string, b: string): boolean {
  return coversPrefix(a, b) || coversPrefix(b, a);
}

/** Words for a target address: a set address reads "the role assignments of org.member["a"]". */
export function describeAddress(address: string): string {
  if (address.endsWith(`.role${ANY}`)) return `the role assignments of ${address.slice(0, -`.role${ANY}`.length)}`;
  if (address === addr.anyGroupMember()) return 'the members of a group (the event does not say which)';
  if (address.endsWith(`.member${ANY}`)) return `the members of ${address.slice(0, -`.member${ANY}`.length)}`;
  return address;
}
