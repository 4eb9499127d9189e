// Builds the commander program; each command lives in src/cli/commands/<name>.ts and
// returns its exit code, so only src/cli.ts ends the process.
import { Command, CommanderError } from 'commander';
import { disableColor, tell } from '../logging/terminal.js';
import { registerApply } from './commands/apply.js';
import { registerDaemon } from './commands/daemon.js';
import { registerDrift } from './commands/drift.js';
import { registerEmulator } from './commands/emulator.js';
import { registerImport } from './commands/import.js';
import { registerPlan } from './commands/plan.js';
import { registerValidate } from './commands/validate.js';
import { EXIT } from './exit-codes.js';

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('orgplane')
    .description('Run an OpenAI organization as code: validate, plan, apply, import, and watch for drift.')
    .version(VERSION)
    .option('--no-color', 'no colours in the output (as NO_COLOR=1 does)')
    .showHelpAfterError()
    .exitOverride();
  // Before or after the command name (`orgplane --no-color plan`, `orgplane plan --no-color`).
  program.hook('preAction', () => {
    if (program.opts<{ color?: boolean }>().color === false) disableColor();
  });
  for (const register of [
    registerValidate,
    registerPlan,
    registerApply,
    registerImport,
    registerDrift,
    registerDaemon,
    registerEmulator,
  ]) {
    register(program, setExitCode);
  }
  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors with 1.
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    tell(`error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.error;
  }
  return exitCode;
}

const VERSION = '0.1.0';
