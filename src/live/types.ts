// What the live reader reads (ReadScope), what it reports while reading (ReadProgress),
// and how many objects each list held (ReadCounts, for the request lower bound).
import type { Logger } from '../logging/logger.js';
import type { AdminApiKey } from '../api/types.js';

/** Every item (`all`) or only those named (lower-cased emails, group names…); an empty set reads none. */
export type Selection = 'all' | ReadonlySet<string>;

/** What to read below one project. Archived live projects never have their children read. */
export interface ProjectReadScope {
  members: boolean;
  /** Project members (by lower-cased email) whose project-role assignments are read; needs `members`. */
  memberRoles: Selection;
  /** Project groups and, for each, its project-role assignments (they carry the group's base role). */
  groups: boolean;
  /** Custom and predefined project roles. */
  roles: boolean;
  serviceAccounts: boolean;
  rateLimits: boolean;
  /** Org certificates active for the project. */
  certificates: boolean;
  apiKeys: boolean;
  /** Kinds read through their descriptor (src/kinds/ `live.read`) for this project. */
  extensions?: ReadonlySet<string>;
}

export interface ReadScope {
  /** Org users whose org-role assignments are read (lower-cased emails). */
  userRoles: Selection;
  groups: boolean;
  /** Groups (by name) whose members are read; needs `groups`. */
  groupMembers: Selection;
  /** Groups (by name) whose org-role assignments are read; needs `groups`. */
  groupRoles: Selection;
  /** Custom and predefined org roles. */
  orgRoles: boolean;
  certificates: boolean;
  /** Fetch each certificate's PEM (one extra request per certificate; import only). */
  certificateContent: boolean;
  projects: {
    /** Desired projects pinned by id. */
    byId: ReadonlyMap<string, ProjectReadScope>;
    /** Desired projects by name. */
    byName: ReadonlyMap<string, ProjectReadScope>;
    /** Live projects no manifest declares. */
    others: ProjectReadScope;
  };
  /** Organization kinds read through their descriptor (src/kinds/ `live.read`). */
  extensions?: ReadonlySet<string>;
  /** Find the user owning the admin key in use (self-lockout guard); default false. */
  adminKeyOwner?: boolean;
}

export type ReadPhase = 'organization' | 'details' | 'projects';

export interface ReadProgress {
  phase: ReadPhase;
  /** Lists finished in this phase so far. */
  done: number;
  /** Lists known in this phase so far (grows as parents reveal children). */
  total: number;
}

export interface ReadOptions {
  /** Default: a silent logger. */
  logger?: Logger;
  onProgress?: (progress: ReadProgress) => void;
  /** Which admin key is the one in use; default: the only key when there is one. */
  isOwnAdminKey?: (key: AdminApiKey) => boolean;
}

/** Objects per list, to compute the fewest requests a scope allows (minimumRequests). */
export interface ReadCounts {
  users: number;
  invites: number;
  orgRoles: number;
  certificates: number;
  adminApiKeys: number;
  /** Assignments per org user, by lower-cased email. */
  userRoles: ReadonlyMap<string, number>;
  groups: readonly { name: string; members: number; roles: number }[];
  projects: readonly ProjectCounts[];
  /** Objects per organization kind read through its descriptor, by kind. */
  extensions?: ReadonlyMap<string, number>;
}

export interface ProjectCounts {
  name: string;
  id: string;
  archived: boolean;
  /** Project users, each with the number of its project-role assignments. */
  members: readonly { email: string; roles: number }[];
  /** Project groups, each with the number of its project-role assignments. */
  groups: readonly { name: string; roles: number }[];
  roles: number;
  serviceAccounts: number;
  rateLimits: number;
  certificates: number;
  apiKeys: number;
  /** Objects per kind read through its descriptor, by kind (for that kind's minimumRequests). */
  extensions?: ReadonlyMap<string, number>;
}
