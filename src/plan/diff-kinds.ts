// The diff of kinds whose descriptor diffs them (src/kinds/ `diff` hooks): organization
// kinds once, project kinds once per declared project whose children are planned (the
// same projects diff-projects.ts plans children for: active, or created by this plan).
import { isStageReference, KINDS, type DiffHook } from '../kinds/index.js';
import { address } from './address.js';
import type { DiffContext } from './context.js';

function hooks(): DiffHook[] {
  return KINDS.flatMap((d) => (isStageReference(d.diff) ? [] : [d.diff]));
}

export function diffDescribedKinds(ctx: DiffContext): void {
  const all = hooks();
  if (all.length === 0) return;
  for (const hook of all) if (hook.scope === 'org') hook.diff(ctx);
  for (const name of [...ctx.desired.org.projects.keys()].sort()) {
    const want = ctx.desired.org.projects.get(name)!;
    const have = ctx.liveProjects.get(name);
    if (want.status === 'archived' || have?.status === 'archived') continue;
    const site = { name, want, have, created: have === undefined ? address.project(name) : undefined };
    for (const hook of all) if (hook.scope === 'project') hook.diff(ctx, site);
  }
}
