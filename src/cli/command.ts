import type { Command } from 'commander';
import { tell } from '../logging/terminal.js';

/** Each command file exports one of these; the command reports its exit code through setExitCode. */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

/** A risk that is not an error (e.g. a key file other users can read): one line on stderr. */
export function warnOnStderr(message: string): void {
  tell(`warning: ${message}`);
}
