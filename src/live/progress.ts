// One updating line on a terminal's stderr while the live state is read; silent otherwise
// (CI logs and pipes get no carriage-return noise). It is drawn through the terminal's
// StatusLine, so log lines and messages printed meanwhile appear above it, never inside it.
import { StatusLine } from '../logging/terminal.js';
import type { ReadProgress } from './types.js';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

export interface TerminalProgress {
  /** Pass as `onProgress`. */
  update: (progress: ReadProgress) => void;
  /** Clears the line; call once the read is over (success or not). */
  finish: () => void;
}

const LABELS: Record<ReadProgress['phase'], string> = {
  organization: 'reading organization',
  details: 'reading users and groups',
  projects: 'reading projects',
};

/** Pass the process's stderrStatus() so that logs and progress share the line; a bare stream gets its own. */
export function terminalProgress(target: ProgressStream | StatusLine): TerminalProgress {
  const status = target instanceof StatusLine ? target : new StatusLine(target);
  if (!status.live) return { update: () => undefined, finish: () => undefined };
  return {
    update: ({ phase, done, total }) => {
      const width = Math.max(20, status.columns - 1);
      const line = `${LABELS[phase]} ${done}/${total}`.slice(0, width);
      status.set(line);
    },
    finish: () => status.clear(),
  };
}
