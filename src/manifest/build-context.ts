// Shared by the build steps: the checking context, keyed collections that report
// duplicates, and the reference checks.
import type { Policy, Role, SourceLocation } from '../model/types.js';
import type { Located, PolicyManifest, RoleManifest } from './documents.js';
import type { DeclaredNames, Known } from './known.js';
import { formatLocation, type ProblemList } from './problems.js';
import { didYouMean } from './suggest.js';
import type { PathSegment } from './yaml-source.js';

export const FOLDER: SourceLocation = { file: '.', line: 0, column: 0 };

export interface Context {
  problems: ProblemList;
  policy: Policy;
  policySource: Located<PolicyManifest> | undefined;
  known: Known;
  orgRoles: ReadonlyMap<string, Role> | undefined;
}

/** Keeps the first of each key; reports later ones as duplicates naming the first. */
export class Keyed<T extends { source?: SourceLocation }> {
  readonly map = new Map<string, T>();
  constructor(
    private readonly what: string,
    private readonly problems: ProblemList,
    /** Appended after the key, e.g. ` in project "search"`. */
    private readonly scope = '',
  ) {}

  add(key: string, value: T, at: SourceLocation): boolean {
    const first = this.map.get(key);
    if (first) {
      const where = first.source ? ` (first declared at ${formatLocation(first.source)})` : '';
      this.problems.error('duplicate', at, `duplicate ${this.what} "${key}"${this.scope}${where}`);
      return false;
    }
    this.map.set(key, value);
    return true;
  }
}

export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function ruleLocation(context: Context, path: PathSegment[]): string {
  return context.policySource ? formatLocation(context.policySource.source.locate(['spec', 'rules', ...path])) : 'the Policy';
}

export function buildRoles(
  roles: readonly RoleManifest[],
  located: Located,
  base: PathSegment[],
  what: string,
  problems: ProblemList,
  scope = '',
): Map<string, Role> {
  const keyed = new Keyed<Role>(what, problems, scope);
  roles.forEach((r, i) => {
    const source = located.source.locate([...base, i]);
    keyed.add(r.name, { name: r.name, ...(r.description === undefined ? {} : { description: r.description }), permissions: [...r.permissions], source }, source);
  });
  return keyed.map;
}

function unknownRoleWarning(kind: 'org' | 'project', name: string, declared: DeclaredNames, where: string): string {
  if (!declared.managed) {
    return `${kind} role "${name}" is not declared here (${where} is not managed); it must already exist live, predefined or custom (checked at plan time)`;
  }
  return `${kind} role "${name}" is not declared in ${where}${didYouMean(name, declared.names)}; it must be a predefined role (checked against the live organization at plan time)`;
}

export function checkRoleList(
  names: readonly string[],
  kind: 'org' | 'project',
  declared: ReadonlyMap<string, Role> | undefined,
  located: Located,
  path: PathSegment[],
  context: Context,
): void {
  // Org roles: what any Organization document declares (even one that failed the schema).
  const declaredNames: DeclaredNames | undefined =
    kind === 'org' ? context.known.orgRoles : { names: new Set(declared?.keys()), managed: declared !== undefined };
  if (declaredNames === undefined) return;
  const where = kind === 'org' ? 'Organization.spec.roles' : 'this project\'s spec.roles';
  names.forEach((name, j) => {
    if (!declaredNames.names.has(name)) context.problems.warning('unknown-role', located.source.locate([...path, j]), unknownRoleWarning(kind, name, declaredNames, where));
  });
}

export function checkMemberReference(email: string, at: SourceLocation, what: string, context: Context): boolean {
  const known = context.known.members;
  if (known === undefined || known.has(email)) return true;
  context.problems.error(
    'unknown-reference',
    at,
    `unknown member "${email}" in ${what}: not declared in the Organization${didYouMean(email, known)}`,
  );
  return false;
}

/**
 * A group or certificate named by a project must be declared. When the manifests do not
 * manage that collection at all it may still exist live (SCIM groups): a warning then.
 */
export function checkNamedReference(
  what: 'group' | 'certificate',
  name: string,
  declared: DeclaredNames | undefined,
  at: SourceLocation,
  where: string,
  context: Context,
): void {
  if (declared === undefined || declared.names.has(name)) return;
  if (!declared.managed) {
    context.problems.warning('unknown-reference', at, `${what} "${name}" is not declared (no ${what}s are managed here); it must exist in the live organization`);
    return;
  }
  context.problems.error('unknown-reference', at, `unknown ${what} "${name}": not declared in ${where}${didYouMean(name, declared.names)}`);
}
