// The fewest requests a read scope allows: every list needs at least one page, and N
// objects need ceil(N / max page size) pages. Each kind's descriptor counts its own lists
// (src/kinds/); this adds them up with the reads that are no kind's (the admin keys for
// the self-lockout guard, project API keys for the idle-key rule). The benchmark compares
// readLiveState's real count with this bound.
import { KINDS } from '../kinds/index.js';
import { pages, perReadProject } from './pages.js';
import type { ReadCounts, ReadScope } from './types.js';

export function minimumRequests(scope: ReadScope, counts: ReadCounts): number {
  let total = 0;
  for (const descriptor of KINDS) total += descriptor.live.minimumRequests(scope, counts);
  if (scope.adminKeyOwner === true) total += pages('/organization/admin_api_keys', counts.adminApiKeys);
  total += perReadProject(scope, counts, (project, ps) =>
    ps.apiKeys ? pages('/organization/projects/{project_id}/api_keys', project.apiKeys) : 0,
  );
  return total;
}
