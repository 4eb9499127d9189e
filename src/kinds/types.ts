// A resource kind, described once (DESIGN.md "Resource kinds", docs/architecture.md).
// Each kind has a module src/kinds/<kind>.ts that
//   1. adds its entry to KindTypes (src/plan/types.ts) by declaration merging: its actions,
//      target and fields, which make its `Change` members;
//   2. exports a KindDescriptor<K> for it;
// and src/kinds/index.ts registers that descriptor in one line. The stages (live read,
// plan, render, guards, apply, drift, import) iterate the registry instead of naming kinds.
//
// A stage hook is either the code itself or a StageReference saying which stage function
// does that work for the kind. References are for the kinds that predate the descriptors
// where their code is entangled with other kinds' (members carry their invites, projects
// carry their children): a new kind gives code.
import type { AdminApi } from '../api/admin-api.js';
import type { AuditLog } from '../api/types.js';
import type { ExecutorsOf } from '../apply/executors/types.js';
import type { KindEventContext } from '../drift/event-context.js';
import type { DriftTarget } from '../drift/types.js';
import type { ReadCounts, ReadScope } from '../live/types.js';
import type { ProblemList } from '../manifest/problems.js';
import type { PathSegment } from '../manifest/yaml-source.js';
import type {
  DesiredState,
  LiveState,
  OrgExtensions,
  OrgModel,
  Policy,
  Project,
  ProjectExtensions,
  PrunePolicy,
  SourceLocation,
} from '../model/types.js';
import type { DiffContext } from '../plan/context.js';
import type { ChangeOf, ResourceKind, TargetOf } from '../plan/types.js';

/** Where a kind lives: once per organization, or once per (active) project. */
export type KindScope = 'org' | 'project';

/**
 * "This kind's work in this stage is done by that stage function", e.g.
 * `{ by: 'src/plan/diff-org.ts diffMembers' }`. docs/architecture.md lists them.
 */
export interface StageReference {
  by: string;
}

export function isStageReference(hook: object): hook is StageReference {
  return 'by' in hook && typeof hook.by === 'string';
}

// ---------------------------------------------------------------------------------------
// Executors: one per action, checked by the compiler.

export type { ExecutorsOf } from '../apply/executors/types.js';

// ---------------------------------------------------------------------------------------
// Guards (src/apply/guards.ts).

/**
 * What a destructive change takes away; the guards count and word destructive changes by
 * it (`3 destructive changes (2 removals, 1 loosening)`) and measure maxDeletePercent per
 * kind and effect.
 * - removal: the thing goes (delete, unassign);
 * - archive: the thing stays, frozen (projects);
 * - downgrade: a role is lowered (`from` is the role lost; measured against its holders);
 * - revoke: a permission is taken away without removing the thing;
 * - loosening: a control is widened (a higher spend limit, a model newly allowed, longer
 *   retention): nothing is removed, but what the control protected is exposed.
 */
export type GuardEffect =
  | { kind: 'removal' }
  | { kind: 'archive' }
  | { kind: 'downgrade'; from: string }
  | { kind: 'revoke' }
  | { kind: 'loosening' };

export interface KindGuard<K extends ResourceKind> {
  /** Called for this kind's destructive changes only. */
  effect(change: ChangeOf<K>): GuardEffect;
  /** How many objects of this kind the live organization holds: the base of maxDeletePercent. */
  liveCount(live: LiveState): number;
  /** How many live objects of this kind hold `role` (the base of a downgrade share); absent: the kind has no role. */
  holders?(live: LiveState, role: string): number;
}

// ---------------------------------------------------------------------------------------
// Manifest (src/manifest/).

/** What a manifest hook is given about the value it normalises. */
export interface ManifestSite {
  /** Where the value is, in its document (`['spec', 'spendLimit']`). */
  path: readonly PathSegment[];
  /** Locates a path of the document (for problems and the model's `source`). */
  locate(path: readonly PathSegment[], options?: { key?: boolean }): SourceLocation;
  problems: ProblemList;
  policy: Policy;
  /** The project's name, for a Project document. */
  project?: string;
}

type ExtensionManifest<D extends 'Organization' | 'Project', X> = {
  [F in keyof X & string]: {
    document: D;
    /** The key under `spec`, and the model field (Project / OrgModel) the value goes to. */
    key: F;
    /**
     * The model value of what the manifest gives under `spec.<key>` (already checked
     * against schemas/orgplane.schema.json). Called only when the key is present (absent
     * means unmanaged); problems go to `site.problems`. Never mutates `value`.
     */
    build(value: unknown, site: ManifestSite): Exclude<X[F], undefined>;
  };
}[keyof X & string];

/** A manifest section whose value a descriptor normalises (OrgExtensions / ProjectExtensions fields). */
export type ManifestHook = ExtensionManifest<'Organization', OrgExtensions> | ExtensionManifest<'Project', ProjectExtensions>;

/** Any manifest hook, as the manifest stage calls it (whatever its key's model type). */
export interface ManifestHookView {
  document: 'Organization' | 'Project';
  key: string;
  build(value: unknown, site: ManifestSite): unknown;
}

/** A section built by src/manifest/build-*.ts (kinds that predate descriptors). */
export interface ManifestReference extends StageReference {
  document: 'Organization' | 'Project' | 'Group' | 'Policy';
  /** `spec.<key>` where the kind is declared (`members`, `rateLimits`). */
  key: string;
}

// ---------------------------------------------------------------------------------------
// Live read (src/live/).

type ExtensionRead<D extends KindScope, X> = {
  [F in keyof X & string]: {
    scope: D;
    /** The model field (Project / OrgModel) the live value goes to. */
    key: F;
    /**
     * Whether the plan needs this kind read: the manifests manage it (or a Policy rule looks
     * at it). Requests are the scarce resource: an unmanaged kind is never read.
     */
    wanted(desired: DesiredState, project?: Project): boolean;
    /**
     * Reads the live value (`projectId` for a project kind). An unset singleton setting
     * answers its "unset" value, not an error.
     */
    read(api: AdminApi, projectId: string | undefined): Promise<Exclude<X[F], undefined>>;
    /** How many objects a read value holds (for the object count and the request lower bound). */
    count(value: Exclude<X[F], undefined>): number;
  };
}[keyof X & string];

/** A kind the live reader reads through its descriptor. */
export type LiveReadHook = ExtensionRead<'org', OrgExtensions> | ExtensionRead<'project', ProjectExtensions>;

/** Any live read hook, as the live reader calls it (whatever its key's model type). */
export interface LiveReadHookView {
  scope: KindScope;
  key: string;
  wanted(desired: DesiredState, project?: Project): boolean;
  read(api: AdminApi, projectId: string | undefined): Promise<unknown>;
  count(value: never): number;
}

export interface KindLive {
  /** The spec routes reading this kind lists (`/organization/projects/{project_id}/rate_limits`). */
  routes: readonly string[];
  /**
   * The fewest requests reading this kind allows for a scope and what the lists held:
   * at least one page per list, ceil(N / max page size) pages for N objects
   * (src/api/page-sizes.ts). src/live/minimum-requests.ts sums these over the registry.
   */
  minimumRequests(scope: ReadScope, counts: ReadCounts): number;
  /**
   * The same requests by route (spec path), for the benchmark's per-route bound. Needed
   * only when `routes` has more than one; otherwise all of minimumRequests is `routes[0]`'s.
   */
  minimumByRoute?(scope: ReadScope, counts: ReadCounts): Readonly<Record<string, number>>;
  /** How it is read: its own hook, or the reader function that reads it (src/live/read.ts). */
  read: LiveReadHook | StageReference;
}

// ---------------------------------------------------------------------------------------
// Plan (src/plan/).

/** One declared or live project, as the diff visits it. */
export interface ProjectSite {
  /** The desired project's name. */
  name: string;
  want: Project;
  /** The matching live project; absent when this plan creates it. */
  have: Project | undefined;
  /** Address of the project create this plan holds, when it creates the project. */
  created: string | undefined;
}

/**
 * The diff of one kind: pushes its changes (addChange), conflicts, unmanaged objects and
 * warnings into the context. An org kind is called once per plan; a project kind once per
 * declared, active project, after the project's own changes.
 */
export type DiffHook =
  | { scope: 'org'; diff(ctx: DiffContext): void }
  | { scope: 'project'; diff(ctx: DiffContext, site: ProjectSite): void };

// ---------------------------------------------------------------------------------------
// Drift (src/drift/).

export interface KindAudit {
  /**
   * Organization-scoped audit event types (spec AuditLogEventType) this kind's `map`
   * handles. Each type is handled by exactly one kind (a test checks); the poll asks for
   * the union of all kinds' types.
   */
  orgEvents: readonly string[];
  /**
   * Tenant-scoped types, asked for in a query of their own (`tenant_only=true` admits no
   * other type). They carry no payload in the spec: map them to a set address.
   */
  tenantEvents: readonly string[];
  /** Asks for `tenantEvents` only when this says the manifests care (default: always). */
  tenantWanted?(desired: DesiredState): boolean;
  /**
   * The resources one event of these types touches, as drift targets (addresses in the
   * one grammar, set addresses allowed) with whether the manifests manage each. May name
   * targets of other kinds (a user event may touch a project membership).
   */
  map: ((event: AuditLog, ctx: KindEventContext) => DriftTarget[]) | StageReference;
}

// ---------------------------------------------------------------------------------------
// Import (src/import/).

/** The manifest value import writes for a live kind (`spec.<key>`); undefined writes nothing. */
export type ImportHook =
  | { document: 'Organization'; key: string; build(live: OrgModel): unknown }
  | { document: 'Project'; key: string; build(live: Project): unknown };

// ---------------------------------------------------------------------------------------
// Rendering (src/render/).

export interface KindRender {
  /**
   * The area an org-scoped kind's changes are shown under ("Members and invites"), and
   * where it comes among the organization's areas (lowest first); project kinds are
   * shown under their project.
   */
  area?: { title: string; rank: number };
  /**
   * A field's value in words (money with its currency), or undefined for the default.
   * `values` is the `before` or `after` holding it (a sibling field may say the currency);
   * an empty string hides the field (its words are in a sibling's).
   */
  formatField?(key: string, value: unknown, values?: Readonly<Record<string, unknown>>): string | undefined;
}

// ---------------------------------------------------------------------------------------
// The descriptor.

export interface KindDescriptor<K extends ResourceKind> {
  kind: K;
  scope: KindScope;
  /**
   * The names in this change's address, one per named segment of the kind's path
   * (`project.member.role` → project, email, role): src/kinds/address.ts formats them, so
   * plan and drift share one grammar.
   */
  names(target: TargetOf<K>): readonly string[];
  /**
   * One per organization or project (a setting): the last segment of its address has no
   * name (`org.spend_limit`, `project["search"].spend_limit`), and `names` gives one fewer.
   */
  singleton?: boolean;
  manifest: ManifestHook | ManifestReference;
  live: KindLive;
  diff: DiffHook | StageReference;
  executors: ExecutorsOf<K>;
  guard: KindGuard<K>;
  /** The Policy.prune key deciding what happens to live objects no manifest declares; absent: never pruned. */
  prune?: keyof PrunePolicy;
  audit: KindAudit;
  /**
   * Execution waves (src/plan/order.ts): adding changes run in `additive`, removals
   * (delete, unassign) in `removal`; archives run last whatever the kind. A kind's
   * changes must come after what they depend on (a project's children after it).
   */
  waves: { additive: number; removal: number };
  import: ImportHook | StageReference;
  render: KindRender;
}

/** Any registered descriptor (what stages iterate). */
export type AnyKindDescriptor = { [K in ResourceKind]: KindDescriptor<K> }[ResourceKind];
