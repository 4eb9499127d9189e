// Page arithmetic for the fewest requests a read allows: every list needs at least one
// page, and N objects need ceil(N / max page size) pages. Each kind's descriptor sums
// its own lists with these (src/kinds/); src/live/minimum-requests.ts adds them up.
import { MAX_PAGE_SIZE } from '../api/page-sizes.js';
import { projectScopeFor } from './scope.js';
import type { ProjectCounts, ProjectReadScope, ReadCounts, ReadScope } from './types.js';

export function pages(route: string, objects: number): number {
  const size = MAX_PAGE_SIZE[route];
  if (size === undefined) throw new Error(`no page size known for ${route}`);
  return Math.max(1, Math.ceil(objects / size));
}

/** Sum over the projects whose children are read (archived ones never are), with each one's scope. */
export function perReadProject(
  scope: ReadScope,
  counts: ReadCounts,
  requests: (project: ProjectCounts, projectScope: ProjectReadScope) => number,
): number {
  let total = 0;
  for (const project of counts.projects) {
    if (project.archived) continue;
    total += requests(project, projectScopeFor(scope, project));
  }
  return total;
}
