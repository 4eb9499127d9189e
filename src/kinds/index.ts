// The registry: one line per resource kind. Stages iterate KINDS (in this order: it is
// also the order of the renderers' organization areas) or look a kind up with kindOf.
import type { ResourceKind } from '../plan/types.js';
import type { AnyKindDescriptor, KindDescriptor } from './types.js';

export type * from './types.js';
export { isStageReference } from './types.js';

/**
 * Kinds still described by stage code alone, not yet by a module of their own
 * (docs/architecture.md); the migration empties this list.
 */
type Unmigrated =
  | 'org.member'
  | 'org.invite'
  | 'org.member.role'
  | 'org.group'
  | 'org.group.member'
  | 'org.group.role'
  | 'org.role'
  | 'org.certificate'
  | 'project'
  | 'project.member'
  | 'project.member.role'
  | 'project.group'
  | 'project.group.role'
  | 'project.role'
  | 'project.service_account'
  | 'project.rate_limit'
  | 'project.certificate';

const REGISTRY = {
  // 'project.spend_limit': projectSpendLimit,
} satisfies { [K in ResourceKind]?: KindDescriptor<K> };

/** Compile-time check: a kind in KindTypes without a registered descriptor names itself here. */
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- the registry may be empty mid-migration
type Unregistered = Exclude<ResourceKind, keyof typeof REGISTRY | Unmigrated>;
const everyKindRegistered: [Unregistered] extends [never] ? true : Unregistered = true;
void everyKindRegistered;

/** Every registered descriptor, in registry order. */
export const KINDS: readonly AnyKindDescriptor[] = Object.values(REGISTRY as Partial<Record<ResourceKind, AnyKindDescriptor>>).filter(
  (d): d is AnyKindDescriptor => d !== undefined,
);

const BY_KIND = new Map<string, AnyKindDescriptor>(KINDS.map((d) => [d.kind, d]));

/** The descriptor of a kind, or undefined for a kind not (yet) registered. */
export function kindOf<K extends ResourceKind>(kind: K): KindDescriptor<K> | undefined {
  return BY_KIND.get(kind) as KindDescriptor<K> | undefined;
}
