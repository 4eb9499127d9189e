// Throughput of the emulator's list endpoints over loopback: seeds 10,000 users and
// 1,000 projects, then keeps CONCURRENCY requests in flight for DURATION_MS and reports
// requests per second and latency percentiles. The emulator runs in a worker thread so
// the load generator does not share its event loop.
// Run: npm run build && node_modules/.bin/node dist/bench/emulator-throughput.js [--json]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startEmulator, type EmulatorSeed } from '../emulator/index.js';

const USERS = 10_000;
const PROJECTS = 1_000;
/** Members per project: enough for multi-page project-user lists. */
const MEMBERS_PER_PROJECT = 150;
const CONCURRENCY = 8;
const DURATION_MS = 5_000;
const WARMUP_MS = 500;

export interface ThroughputResult {
  users: number;
  projects: number;
  concurrency: number;
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
  seedMs: number;
  /**
   * A bare node:http server answering `{}` in the same worker, measured the same way:
   * on a shared, loaded machine this is the ceiling the emulator's figure compares to.
   */
  baselineRequestsPerSecond: number;
}

function seed(): EmulatorSeed {
  const emails = Array.from({ length: USERS }, (_, i) => `user${i}@bench.test`);
  return {
    users: emails.map((email, i) => ({ email, role: i === 0 ? 'owner' : 'reader' })),
    projects: Array.from({ length: PROJECTS }, (_, p) => ({
      name: `project-${p}`,
      users: Array.from({ length: MEMBERS_PER_PROJECT }, (_, m) => ({ user: emails[(p * 7 + m) % USERS] ?? '', role: 'member' as const })),
    })),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Ready {
  baselineUrl: string;
  baseUrl: string;
  adminKey: string;
  userIds: string[];
  projectIds: string[];
  seedMs: number;
}

const WORKER_ROLE = 'emulator-throughput-server';

/** Worker side: serve the seeded emulator until told to stop. */
async function serveInWorker(): Promise<void> {
  const started = performance.now();
  const emulator = await startEmulator({ seed: seed() });
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 });
    res.end('{}');
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const ready: Ready = {
    baselineUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`,
    baseUrl: emulator.baseUrl,
    adminKey: emulator.adminKey,
    userIds: [...emulator.control.store.users.keys()],
    projectIds: [...emulator.control.store.projects.keys()],
    seedMs: performance.now() - started,
  };
  parentPort?.once('message', () => {
    bare.closeAllConnections();
    bare.close();
    void emulator.stop().then(() => parentPort?.close());
  });
  parentPort?.postMessage(ready);
}

export async function runEmulatorThroughput(): Promise<ThroughputResult> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: WORKER_ROLE } });
  const { baselineUrl, baseUrl, adminKey, userIds, projectIds, seedMs } = await new Promise<Ready>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const headers = { authorization: `Bearer ${adminKey}` };

  // A mix of list reads a reconcile loop makes: org users (cursor deep in the list),
  // projects, project users, rate limits.
  const paths = (i: number): string => {
    switch (i % 4) {
      case 0:
        return `/organization/users?limit=100&after=${userIds[(i * 37) % (USERS - 100)] ?? ''}`;
      case 1:
        return `/organization/projects?limit=100&after=${projectIds[(i * 13) % (PROJECTS - 100)] ?? ''}`;
      case 2:
        return `/organization/projects/${projectIds[i % PROJECTS] ?? ''}/users?limit=100`;
      default:
        return `/organization/projects/${projectIds[i % PROJECTS] ?? ''}/rate_limits`;
    }
  };

  let counter = 0;
  let errors = 0;
  let latencies: number[] = [];
  let target = (i: number): string => `${baseUrl}${paths(i)}`;
  const run = async (until: number, record: boolean): Promise<void> => {
    while (performance.now() < until) {
      const i = counter++;
      const t0 = performance.now();
      const res = await fetch(target(i), { headers });
      await res.arrayBuffer();
      if (!record) continue;
      latencies.push(performance.now() - t0);
      if (res.status !== 200) errors += 1;
    }
  };
  const measure = async (): Promise<number> => {
    latencies = [];
    const warmupEnd = performance.now() + WARMUP_MS;
    await Promise.all(Array.from({ length: CONCURRENCY }, () => run(warmupEnd, false)));
    const t0 = performance.now();
    const end = t0 + DURATION_MS;
    await Promise.all(Array.from({ length: CONCURRENCY }, () => run(end, true)));
    return (performance.now() - t0) / 1000;
  };
  try {
    target = () => baselineUrl;
    const baselineSeconds = await measure();
    const baselineRequestsPerSecond = Math.round(latencies.length / baselineSeconds);
    target = (i) => `${baseUrl}${paths(i)}`;
    errors = 0;
    const seconds = await measure();
    latencies.sort((a, b) => a - b);
    return {
      baselineRequestsPerSecond,
      users: USERS,
      projects: PROJECTS,
      concurrency: CONCURRENCY,
      requests: latencies.length,
      errors,
      seconds: Math.round(seconds * 100) / 100,
      requestsPerSecond: Math.round(latencies.length / seconds),
      latencyMs: {
        p50: Math.round(percentile(latencies, 50) * 100) / 100,
        p95: Math.round(percentile(latencies, 95) * 100) / 100,
        p99: Math.round(percentile(latencies, 99) * 100) / 100,
      },
      seedMs: Math.round(seedMs),
    };
  } finally {
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
}

const isWorker = !isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE;
const isMain = isMainThread && process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isWorker) {
  await serveInWorker();
} else if (isMain) {
  const result = await runEmulatorThroughput();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result));
  } else {
    console.log(
      `emulator throughput: ${result.requestsPerSecond} list requests/s over loopback ` +
        `(${result.requests} requests in ${result.seconds} s, ${result.concurrency} in flight, ${result.errors} errors; ` +
        `p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, p99 ${result.latencyMs.p99} ms; ` +
        `${result.users} users, ${result.projects} projects seeded in ${result.seedMs} ms; ` +
        `a bare node:http server answered ${result.baselineRequestsPerSecond}/s on this machine just before)`,
    );
  }
}
