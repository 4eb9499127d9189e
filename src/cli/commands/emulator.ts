import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import type { RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { LIVE_THROTTLE, startEmulator, validateSeed, type EmulatorOptions, type EmulatorSeed } from '../../emulator/index.js';

export interface EmulatorFlags {
  port: number;
  host: string;
  seed?: string;
  latencyMs?: number;
  rateLimitRps?: number;
  throttle?: 'bucket' | 'live';
  routeLimit?: number;
  routeWindow?: number;
  orgLimit?: number;
  adminKey?: string;
  strict?: boolean;
  unsetSettings?: '404' | 'default';
}

function unsetSettingsMode(value: string): '404' | 'default' {
  if (value !== '404' && value !== 'default') throw new InvalidArgumentError("expected '404' (a setting never set answers 404) or 'default' (200 with its default)");
  return value;
}

function throttleMode(value: string): 'bucket' | 'live' {
  if (value !== 'bucket' && value !== 'live') throw new InvalidArgumentError("expected 'live' (fixed window per route, no Retry-After) or 'bucket' (token bucket, with Retry-After)");
  return value;
}

function wholeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number of requests');
  return parsed;
}

function positiveSeconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected seconds above 0 (fractions allowed, e.g. 0.5)');
  return parsed;
}

/** The fault settings of the flags, or the problem with their combination. */
export function faultsFromFlags(flags: EmulatorFlags): NonNullable<EmulatorOptions['faults']> | string {
  const faults: NonNullable<EmulatorOptions['faults']> = {};
  if (flags.latencyMs !== undefined) faults.latencyMs = flags.latencyMs;
  const windowFlags = flags.routeLimit !== undefined || flags.routeWindow !== undefined || flags.orgLimit !== undefined;
  if (flags.throttle === 'live') {
    if (flags.rateLimitRps !== undefined) return '--rate-limit-rps is the token bucket; --throttle live takes --route-limit, --route-window and --org-limit';
    faults.routeLimit = flags.routeLimit ?? LIVE_THROTTLE.routeLimit;
    faults.routeWindowSeconds = flags.routeWindow ?? LIVE_THROTTLE.routeWindowSeconds;
    if (flags.orgLimit !== undefined) faults.orgLimit = flags.orgLimit;
    if (faults.routeLimit === 0 && (faults.orgLimit ?? 0) === 0) return '--throttle live needs --route-limit or --org-limit above 0';
    return faults;
  }
  if (windowFlags) return '--route-limit, --route-window and --org-limit apply to --throttle live';
  if (flags.throttle === 'bucket' && flags.rateLimitRps === undefined) return '--throttle bucket needs --rate-limit-rps R';
  if (flags.rateLimitRps !== undefined) faults.rateLimitRps = flags.rateLimitRps;
  return faults;
}

function nonNegativeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('expected a non-negative number');
  return parsed;
}

export const registerEmulator: RegisterCommand = (program, setExitCode) => {
  program
    .command('emulator')
    .description('Serve a local Admin API emulator (demo org unless --seed) until SIGINT/SIGTERM')
    .option('--port <n>', 'port to listen on (0 picks a free one)', nonNegativeNumber, 0)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--seed <file>', 'JSON state (schemas/emulator-seed.schema.json) instead of the demo org')
    .option('--latency-ms <n>', 'latency added to every /v1 answer', nonNegativeNumber)
    .option('--rate-limit-rps <r>', 'token bucket: answer 429 with Retry-After beyond R requests per second', nonNegativeNumber)
    .option('--throttle <mode>', "'live': the live API's limits (fixed window per route, 429 without Retry-After); 'bucket': --rate-limit-rps", throttleMode)
    .option('--route-limit <n>', `with --throttle live: requests per route template per window (default ${LIVE_THROTTLE.routeLimit})`, wholeNumber)
    .option('--route-window <s>', `with --throttle live: window length in seconds, fractions allowed (default ${LIVE_THROTTLE.routeWindowSeconds})`, positiveSeconds)
    .option('--org-limit <n>', 'with --throttle live: requests over all routes per window (default none)', wholeNumber)
    .option('--admin-key <key>', 'accept this admin key instead of a generated one')
    .option('--strict', "record orgplane's requests that the spec refuses (GET /_emulator/violations)")
    .option('--unset-settings <mode>', "how GETs answer a governance setting never set: '404' (default) or 'default' (200 with its default)", unsetSettingsMode)
    .action(async (flags: EmulatorFlags) => {
      const faults = faultsFromFlags(flags);
      if (typeof faults === 'string') {
        console.error(`error: ${faults}`);
        setExitCode(EXIT.error);
        return;
      }
      const options: EmulatorOptions = { port: flags.port, host: flags.host, faults };
      if (flags.strict === true) options.strict = true;
      if (flags.unsetSettings !== undefined) options.unsetSettings = flags.unsetSettings;
      if (flags.adminKey !== undefined) options.adminKey = flags.adminKey;
      if (flags.seed !== undefined) {
        let seed: unknown;
        try {
          seed = JSON.parse(await readFile(flags.seed, 'utf8')) as unknown;
        } catch (error) {
          console.error(`error: cannot read seed ${flags.seed}: ${error instanceof Error ? error.message : String(error)}`);
          setExitCode(EXIT.error);
          return;
        }
        const problems = validateSeed(seed);
        if (problems.length > 0) {
          for (const problem of problems) console.error(`${flags.seed}: ${problem}`);
          setExitCode(EXIT.error);
          return;
        }
        options.seed = seed as EmulatorSeed;
      }

      let emulator;
      try {
        emulator = await startEmulator(options);
      } catch (error) {
        console.error(`error: emulator did not start: ${error instanceof Error ? error.message : String(error)}`);
        setExitCode(EXIT.error);
        return;
      }
      console.log(`listening on ${emulator.url}`);
      // A demo-only key, generated for this emulator: printing it is the point.
      console.log(`admin key: ${emulator.adminKey}`);
      console.log(`export OPENAI_BASE_URL=${emulator.baseUrl} OPENAI_ADMIN_KEY=<the key above>`);
      if ((faults.routeLimit ?? 0) > 0 || (faults.orgLimit ?? 0) > 0) {
        const limits = [
          ...((faults.routeLimit ?? 0) > 0 ? [`${String(faults.routeLimit)} requests per route`] : []),
          ...((faults.orgLimit ?? 0) > 0 ? [`${String(faults.orgLimit)} over all routes`] : []),
        ];
        console.log(`throttle: live, ${limits.join(' and ')} per ${String(faults.routeWindowSeconds)} s window, 429 without Retry-After`);
      }

      await new Promise<void>((resolve) => {
        const onSignal = (): void => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          resolve();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
      await emulator.stop();
      setExitCode(EXIT.ok);
    });
};
