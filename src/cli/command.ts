import type { Command } from 'commander';

/** Each command file exports one of these; the command reports its exit code through setExitCode. */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;
