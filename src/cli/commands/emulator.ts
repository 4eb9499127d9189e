import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import type { RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { startEmulator, validateSeed, type EmulatorOptions, type EmulatorSeed } from '../../emulator/index.js';

interface EmulatorFlags {
  port: number;
  host: string;
  seed?: string;
  latencyMs?: number;
  rateLimitRps?: number;
  adminKey?: string;
  strict?: boolean;
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
    .option('--rate-limit-rps <r>', 'answer 429 beyond R requests per second', nonNegativeNumber)
    .option('--admin-key <key>', 'accept this admin key instead of a generated one')
    .option('--strict', "record orgplane's requests that the spec refuses (GET /_emulator/violations)")
    .action(async (flags: EmulatorFlags) => {
      const options: EmulatorOptions = { port: flags.port, host: flags.host };
      if (flags.strict === true) options.strict = true;
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
      const faults: NonNullable<EmulatorOptions['faults']> = {};
      if (flags.latencyMs !== undefined) faults.latencyMs = flags.latencyMs;
      if (flags.rateLimitRps !== undefined) faults.rateLimitRps = flags.rateLimitRps;
      options.faults = faults;

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
