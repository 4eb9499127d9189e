/** Exit codes of DESIGN.md's command table. */
export const EXIT = {
  ok: 0,
  error: 1,
  /** plan --detailed-exitcode with changes; drift found. */
  changes: 2,
  /** apply refused by a guard. */
  refused: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
