// Where manifests come from: a local folder, or a git remote fetched into the state folder.

/** A parsed `--source` value. */
export type SourceSpec =
  | { kind: 'folder'; path: string }
  | { kind: 'git'; url: string; ref: string };

/** One look at the source: the folder to load manifests from and the revision it holds. */
export interface SourceSnapshot {
  /** Folder holding the manifests (the checkout plus `--config-path`). */
  configDir: string;
  /** Git commit, or undefined for a folder (the manifest loader then hashes the content). */
  revision: string | undefined;
}

export interface SyncOptions {
  /** A git fetch younger than this is reused instead of fetching again; default 0 (always fetch). A folder is always re-read. */
  maxAgeMs?: number;
}

export interface ManifestSource {
  /** A human label with no credential in it (the URL is stripped of any userinfo). */
  readonly label: string;
  readonly kind: SourceSpec['kind'];
  /** Fetch (git) and check out the head of the ref; a folder is returned as is. */
  sync(options?: SyncOptions): Promise<SourceSnapshot>;
  /** A checkout of a revision seen before (the last good one after a restart), if it still exists. */
  checkout(revision: string): Promise<SourceSnapshot | undefined>;
  /** Keep this revision's checkout as the last good one; older checkouts are removed. */
  markGood(revision: string): Promise<void>;
}
