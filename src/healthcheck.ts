#!/usr/bin/env node
// Entry point of the container image's HEALTHCHECK (`node /app/dist/healthcheck.js`): probes
// the daemon's /healthz where the daemon listens. PID 1 is tini, whose command line is the
// daemon's (`tini -- node /app/dist/cli.js daemon --listen …`), so options given to
// `docker run` are seen as well as the ORGPLANE_LISTEN the image sets.
import { readFileSync } from 'node:fs';
import { daemonListen, healthzUrl, probeHealthz } from './daemon/health-probe.js';

// Docker's HEALTHCHECK --timeout is 5 s: answer before it kills the probe.
const TIMEOUT_MS = 4000;

function daemonArgv(): string[] {
  try {
    return readFileSync('/proc/1/cmdline', 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

const result = await probeHealthz(healthzUrl(daemonListen(daemonArgv(), process.env)), TIMEOUT_MS);
console.log(result.detail);
process.exit(result.healthy ? 0 : 1);
