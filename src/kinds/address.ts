// The one address grammar, for plan changes and drift targets alike (DESIGN.md "Plan").
// An address is its kind's path with a JSON-quoted name after each segment but the `org`
// root: kind `project.member.role` names `project["search"].member["ada@example.com"].role["owner"]`.
// Quoting makes any name safe.
//
// A drift target may name a SET: `[*]` in place of a name stands for any one name
// (`org.member["ada@example.com"].role[*]`: "the role assignments of ada", from an audit
// event that says a role changed without naming it). Plan changes never carry `[*]`; they
// are matched against it (addressesOverlap).

/** The `[*]` segment of a set address. */
export const ANY = '[*]';

/** Stands for "any one name" where a name is expected (written `[*]`). */
export const ANY_NAME: unique symbol = Symbol('any name');
export type AddressName = string | typeof ANY_NAME;

const q = (name: AddressName): string => (name === ANY_NAME ? ANY : `[${JSON.stringify(name)}]`);

/**
 * The address of a path (`org.member.role`, `project.rate_limit`, `project.api_key`) and
 * one name per named segment. Every segment but a leading `org` takes a name, except the
 * last one of a singleton (one per organization or project: `org.spend_limit`,
 * `project["search"].spend_limit`).
 */
export function formatAddress(path: string, names: readonly AddressName[], options: { singleton?: boolean } = {}): string {
  const segments = path.split('.');
  const named = (segments[0] === 'org' ? segments.length - 1 : segments.length) - (options.singleton === true ? 1 : 0);
  if (names.length !== named) {
    throw new Error(`address of ${path} takes ${named} name${named === 1 ? '' : 's'}, got ${names.length}`);
  }
  let i = 0;
  return segments
    .map((segment, at) => ((at === 0 && segment === 'org') || i === names.length ? segment : `${segment}${q(names[i++]!)}`))
    .join('.');
}

const at = formatAddress;

/** Addresses by what they name; plan and drift both use these. */
export const address = {
  member: (email: string) => at('org.member', [email]),
  memberRole: (email: string, role: string) => at('org.member.role', [email, role]),
  memberRoles: (email: string) => at('org.member.role', [email, ANY_NAME]),
  invite: (email: string) => at('org.invite', [email]),
  group: (name: string) => at('org.group', [name]),
  groupMember: (group: string, email: string) => at('org.group.member', [group, email]),
  anyGroupMember: () => at('org.group.member', [ANY_NAME, ANY_NAME]),
  groupRole: (group: string, role: string) => at('org.group.role', [group, role]),
  groupRoles: (group: string) => at('org.group.role', [group, ANY_NAME]),
  orgRole: (name: string) => at('org.role', [name]),
  certificate: (name: string) => at('org.certificate', [name]),
  project: (name: string) => at('project', [name]),
  projectMember: (project: string, email: string) => at('project.member', [project, email]),
  projectMembers: (project: string) => at('project.member', [project, ANY_NAME]),
  projectMemberRole: (project: string, email: string, role: string) => at('project.member.role', [project, email, role]),
  projectMemberRoles: (project: string, email: string) => at('project.member.role', [project, email, ANY_NAME]),
  projectGroup: (project: string, group: string) => at('project.group', [project, group]),
  projectGroupRole: (project: string, group: string, role: string) => at('project.group.role', [project, group, role]),
  projectGroupRoles: (project: string, group: string) => at('project.group.role', [project, group, ANY_NAME]),
  projectRole: (project: string, role: string) => at('project.role', [project, role]),
  serviceAccount: (project: string, name: string) => at('project.service_account', [project, name]),
  rateLimit: (project: string, model: string) => at('project.rate_limit', [project, model]),
  projectCertificate: (project: string, name: string) => at('project.certificate', [project, name]),
  apiKey: (project: string, id: string) => at('project.api_key', [project, id]),
  orgSpendLimit: () => at('org.spend_limit', [], { singleton: true }),
  orgSpendAlert: (key: string) => at('org.spend_alert', [key]),
  orgSpendAlerts: () => at('org.spend_alert', [ANY_NAME]),
  orgDataRetention: () => at('org.data_retention', [], { singleton: true }),
  projectSpendLimit: (project: string) => at('project.spend_limit', [project], { singleton: true }),
  projectSpendAlert: (project: string, key: string) => at('project.spend_alert', [project, key]),
  projectSpendAlerts: (project: string) => at('project.spend_alert', [project, ANY_NAME]),
  modelPermissions: (project: string) => at('project.model_permissions', [project], { singleton: true }),
  hostedToolPermissions: (project: string) => at('project.hosted_tool_permissions', [project], { singleton: true }),
  projectDataRetention: (project: string) => at('project.data_retention', [project], { singleton: true }),
} as const;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A JSON-quoted name, as `q` writes it. */
const QUOTED_NAME = String.raw`\["(?:[^"\\]|\\.)*"\]`;

/** Does `pattern` (which may hold `[*]`) equal `address`, or contain it as an ancestor? */
function coversPrefix(pattern: string, addressed: string): boolean {
  if (!pattern.includes(ANY)) return addressed === pattern || (addressed.startsWith(pattern) && addressed[pattern.length] === '.');
  const source = escape(pattern).split(escape(ANY)).join(QUOTED_NAME);
  return new RegExp(`^${source}(?:\\.|$)`).test(addressed);
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
export function describeAddress(addressed: string): string {
  if (addressed.endsWith(`.role${ANY}`)) return `the role assignments of ${addressed.slice(0, -`.role${ANY}`.length)}`;
  if (addressed === address.anyGroupMember()) return 'the members of a group (the event does not say which)';
  if (addressed.endsWith(`.member${ANY}`)) return `the members of ${addressed.slice(0, -`.member${ANY}`.length)}`;
  return addressed;
}
