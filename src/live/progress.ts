// One updating line on a terminal's stderr while the live state is read; silent otherwise
// (CI logs and pipes get no carriage-return noise).
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

export function terminalProgress(stream: ProgressStream): TerminalProgress {
  if (stream.isTTY !== true) return { update: () => undefined, finish: () => undefined };
  let drawn = false;
  let last = '';
  return {
    update: ({ phase, done, total }) => {
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      const line = `${LABELS[phase]} ${done}/${total}`.slice(0, width);
      if (line === last) return;
      last = line;
      drawn = true;
      stream.write(`\r\u001b[2K${line}`);
    },
    finish: () => {
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
      last = '';
    },
  };
}
