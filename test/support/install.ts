// Installing orgplane the way users and the container image do, without the network:
// `npm pack` the repository, then install the tarball (or the image's production tree)
// with `npm ci --omit=dev --offline`, served from the npm cache that the repository's own
// `npm ci` filled. The versions come from the repository's package-lock.json, so what is
// installed is exactly what the test suite ran against.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { NODE_BIN, REPO_ROOT } from './cli.js';

const run = promisify(execFile);

/** PATH with the project's Node 24 first, so `npm` and `#!/usr/bin/env node` scripts run on it. */
export function pathWithNode(nodeBin: string = NODE_BIN): string {
  return [path.dirname(nodeBin), process.env.PATH ?? ''].join(path.delimiter);
}

/** Runs npm (the machine's npm, on the project's Node) offline, without audit or funding chatter. */
export async function npm(args: readonly string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return run('npm', [...args, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    env: { ...process.env, PATH: pathWithNode(), npm_config_update_notifier: 'false' },
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}

export interface PackedTarball {
  file: string;
  integrity: string;
  /** Paths inside the package, e.g. `dist/cli.js`. */
  files: string[];
}

/**
 * `npm pack` of the repository. Scripts are skipped: `npm test` has just built dist/, and
 * the `prepare` build that a plain `npm pack` runs is the same `npm run build`.
 */
export async function packRepository(destination: string): Promise<PackedTarball> {
  const { stdout } = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', destination], REPO_ROOT);
  const [packed] = JSON.parse(stdout) as { filename: string; integrity: string; files: { path: string }[] }[];
  if (packed === undefined) throw new Error(`npm pack printed no package: ${stdout}`);
  return { file: path.join(destination, packed.filename), integrity: packed.integrity, files: packed.files.map((f) => f.path) };
}

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  [field: string]: unknown;
}

interface Lockfile {
  name?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

function repositoryLock(): Lockfile {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
}

function repositoryPackage(): { name: string; version: string; license?: string; dependencies: Record<string, string>; bin: Record<string, string>; engines?: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as ReturnType<typeof repositoryPackage>;
}

/**
 * Writes package.json and package-lock.json of a project in `dir` that depends on the
 * packed tarball only, locked to the repository's production dependency versions.
 */
export function writeConsumerProject(dir: string, tarball: PackedTarball): void {
  const pkg = repositoryPackage();
  const spec = `file:${path.relative(dir, tarball.file).split(path.sep).join('/')}`;
  const lock = repositoryLock();
  const packages: Record<string, LockEntry> = {
    '': { name: 'orgplane-install-check', dependencies: { [pkg.name]: spec } },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: spec,
      integrity: tarball.integrity,
      ...(pkg.license === undefined ? {} : { license: pkg.license }),
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      ...(pkg.engines === undefined ? {} : { engines: pkg.engines }),
    },
  };
  // The repository's own production tree, hoisted the same way (its root deps are orgplane's deps).
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (location === '' || entry.dev === true || entry.devOptional === true) continue;
    packages[location] = entry;
  }
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'orgplane-install-check', private: true, dependencies: { [pkg.name]: spec } }, null, 2)}\n`);
  writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify({ name: 'orgplane-install-check', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
}
