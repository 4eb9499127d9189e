// Request counts by route template, in total and retries (the plan and the benchmark
// report them). Every attempt counts: a retry is a request the API saw.
import type { RequestStats } from './types.js';

export interface StatsRecorder {
  record(route: string, method: string): void;
  recordRetry(): void;
  snapshot(): RequestStats;
}

export function createStats(): StatsRecorder {
  let total = 0;
  let retries = 0;
  const byRoute = new Map<string, number>();
  const byOperation = new Map<string, number>();
  return {
    record(route, method) {
      total += 1;
      byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
      const operation = `${method} ${route}`;
      byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
    },
    recordRetry() {
      retries += 1;
    },
    snapshot: () => ({
      total,
      retries,
      byRoute: Object.fromEntries(byRoute),
      byOperation: Object.fromEntries(byOperation),
    }),
  };
}
