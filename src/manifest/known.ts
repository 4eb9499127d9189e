// The names the manifests declare (members, groups, roles, certificates), gathered leniently
// from every document, including ones that failed the schema, so that one typo in org.yaml
// does not hide every reference check, nor turn each reference into a false "unknown".
import type { Located } from './documents.js';
import type { SourceDocument } from './yaml-source.js';

/** A set of declared names; `undefined` means "cannot tell" (skip the check). */
export interface DeclaredNames {
  names: ReadonlySet<string>;
  /** False when no manifest mentions this collection at all (it is then not managed). */
  managed: boolean;
}

export interface Known {
  members: ReadonlySet<string> | undefined;
  orgRoles: DeclaredNames | undefined;
  groups: DeclaredNames | undefined;
  certificates: DeclaredNames | undefined;
  /** Whether an Organization document exists: 'unknown' when a broken document might be one. */
  organization: 'present' | 'absent' | 'unknown';
}

type Collector = { names: Set<string>; managed: boolean; unknown: boolean };

const collector = (): Collector => ({ names: new Set(), managed: false, unknown: false });

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Adds `list[*][key]` to the collector; a list that is not a list makes the set unknown. */
function collect(into: Collector, list: unknown, key: 'name' | 'email'): void {
  if (list === undefined) return;
  into.managed = true;
  if (!Array.isArray(list)) {
    into.unknown = true;
    return;
  }
  for (const item of list) {
    const value = record(item)?.[key];
    if (typeof value === 'string') into.names.add(key === 'email' ? value.toLowerCase() : value);
    else into.unknown = true;
  }
}

/**
 * `valid` are schema-valid documents, `invalid` the others; `unreadable` is true when a file
 * could not be read or parsed (it may declare anything).
 */
export function gatherKnown(valid: readonly Located[], invalid: readonly SourceDocument[], unreadable: boolean): Known {
  const members = collector();
  const orgRoles = collector();
  const groups = collector();
  const certificates = collector();
  let organization: Known['organization'] = 'absent';
  let anything = unreadable;

  const organizationSpec = (spec: Record<string, unknown> | undefined): void => {
    if (organization === 'absent') organization = 'present';
    if (!spec) {
      members.unknown = orgRoles.unknown = groups.unknown = certificates.unknown = true;
      return;
    }
    if (spec['members'] === undefined) members.unknown = true;
    collect(members, spec['members'], 'email');
    collect(orgRoles, spec['roles'], 'name');
    collect(groups, spec['groups'], 'name');
    collect(certificates, spec['certificates'], 'name');
  };
  const groupDocument = (metadata: Record<string, unknown> | undefined): void => {
    groups.managed = true;
    const name = metadata?.['name'];
    if (typeof name === 'string') groups.names.add(name);
    else groups.unknown = true;
  };

  for (const { manifest } of valid) {
    if (manifest.kind === 'Organization') organizationSpec(manifest.spec);
    else if (manifest.kind === 'Group') groupDocument(manifest.metadata);
  }
  for (const document of invalid) {
    const value = record(document.value);
    const kind = value?.['kind'];
    if (kind === 'Organization') organizationSpec(record(value?.['spec']));
    else if (kind === 'Group') groupDocument(record(value?.['metadata']));
    else if (kind !== 'Project' && kind !== 'Policy') anything = true; // a misspelt kind could be anything
  }
  if (anything) {
    members.unknown = orgRoles.unknown = groups.unknown = certificates.unknown = true;
    if (organization === 'absent') organization = 'unknown';
  }
  const names = (c: Collector): DeclaredNames | undefined => (c.unknown ? undefined : { names: c.names, managed: c.managed });
  return {
    members: members.unknown ? undefined : members.names,
    orgRoles: names(orgRoles),
    groups: names(groups),
    certificates: names(certificates),
    organization,
  };
}
