// A local folder as a manifest source: no revision of its own (the manifest loader
// hashes the content), nothing to fetch, nothing to keep.
import path from 'node:path';
import type { ManifestSource } from './types.js';

export function createFolderSource(folder: string, configPath?: string): ManifestSource {
  const configDir = path.resolve(configPath ? path.join(folder, configPath) : folder);
  return {
    kind: 'folder',
    label: configDir,
    sync: () => Promise.resolve({ configDir, revision: undefined }),
    checkout: () => Promise.resolve(undefined),
    markGood: () => Promise.resolve(),
  };
}
