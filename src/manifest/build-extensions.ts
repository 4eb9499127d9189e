// The manifest sections of kinds whose descriptor builds them (src/kinds/ `manifest.build`):
// each present `spec.<key>` of an Organization or Project document becomes the model field
// of the same name. Absent keys stay absent (unmanaged).
import { isStageReference, KINDS, type ManifestHookView } from '../kinds/index.js';
import type { OrgExtensions, ProjectExtensions } from '../model/types.js';
import type { Context } from './build-context.js';
import type { Located } from './documents.js';

function hooksOf(document: 'Organization' | 'Project'): ManifestHookView[] {
  return KINDS.flatMap((d) => {
    const hook = d.manifest as ManifestHookView | { by: string };
    return isStageReference(hook) || hook.document !== document ? [] : [hook];
  });
}

function build(document: 'Organization' | 'Project', located: Located, context: Context, project?: string): Record<string, unknown> {
  const spec = (located.manifest as { spec?: Readonly<Record<string, unknown>> }).spec ?? {};
  const built: Record<string, unknown> = {};
  for (const hook of hooksOf(document)) {
    const value = spec[hook.key];
    if (value === undefined) continue;
    const path = ['spec', hook.key];
    built[hook.key] = hook.build(value, {
      path,
      locate: (at, options) => located.source.locate(at, options),
      problems: context.problems,
      policy: context.policy,
      ...(project === undefined ? {} : { project }),
    });
  }
  return built;
}

/** What the descriptors build from an Organization document. */
export function buildOrgExtensions(located: Located | undefined, context: Context): Partial<OrgExtensions> {
  return located === undefined ? {} : (build('Organization', located, context));
}

/** What the descriptors build from one Project document. */
export function buildProjectExtensions(located: Located, project: string, context: Context): Partial<ProjectExtensions> {
  return build('Project', located, context, project);
}
