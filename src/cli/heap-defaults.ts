// V8 heap sizing for the CLI and the daemon, applied before the rest of orgplane loads
// (src/cli.ts imports this module first).
//
// Why (docs/bench.md, "Peak memory"): at the large benchmark size (10,000 people, 1,000
// projects, 1,502 manifest files, 8,389 requests) the data a plan keeps alive stays under
// ~60 MB, yet peak RSS reached ~470 MB on V8's defaults: the young generation grows to
// three 32 MB semi-spaces while the manifests are parsed and the pages read, and the old
// generation is allowed to grow to several times what the last full GC left before the next.
// The launch flags for this (--max-semi-space-size, --max-old-space-size) cannot be set from
// inside a running process, and a shebang with flags is not portable (`env -S`, npm's
// Windows shims). These two V8 reads at every collection, so setting them here works:
// - --semi-space-growth-factor=1: the young generation keeps its initial size; scavenges
//   are more frequent and each one is small.
// - --heap-growing-percent=50: the next full GC comes when the old generation is 1.5× what
//   the previous one left (V8's default factor is up to 4×).
// Measured at the large size: peak RSS 470 → ~220 MB, same wall time.
// A user who gives heap flags of their own (NODE_OPTIONS or node's command line) keeps them.
import v8 from 'node:v8';

export const HEAP_DEFAULTS = ['--semi-space-growth-factor=1', '--heap-growing-percent=50'] as const;

/** Flags that size the heap: when a user sets any of them, orgplane sets none. */
const USER_HEAP_FLAG = /--(max-semi-space-size|min-semi-space-size|semi-space-growth-factor|heap-growing-percent|max-old-space-size|max-heap-size|optimize-for-size)\b/;

export function userSizedHeap(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.some((arg) => USER_HEAP_FLAG.test(arg)) || USER_HEAP_FLAG.test(nodeOptions ?? '');
}

export function applyHeapDefaults(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS): boolean {
  if (userSizedHeap(execArgv, nodeOptions)) return false;
  for (const flag of HEAP_DEFAULTS) v8.setFlagsFromString(flag);
  return true;
}

applyHeapDefaults();
