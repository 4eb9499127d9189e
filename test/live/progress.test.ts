import { describe, expect, it } from 'vitest';
import { terminalProgress } from '../../src/live/index.js';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, columns: 80, chunks, write: (chunk: string) => chunks.push(chunk) };
}

describe('terminalProgress', () => {
  it('writes nothing when stderr is not a terminal', () => {
    const out = stream(false);
    const progress = terminalProgress(out);
    progress.update({ phase: 'projects', done: 1, total: 2 });
    progress.finish();
    expect(out.chunks).toEqual([]);
  });

  it('redraws one line on a terminal and clears it when finished', () => {
    const out = stream(true);
    const progress = terminalProgress(out);
    progress.update({ phase: 'organization', done: 0, total: 3 });
    progress.update({ phase: 'organization', done: 0, total: 3 });
    progress.update({ phase: 'projects', done: 4, total: 9 });
    progress.finish();
    expect(out.chunks).toEqual([
      '\r\u001b[2Kreading organization 0/3',
      '\r\u001b[2Kreading projects 4/9',
      '\r\u001b[2K',
    ]);
    expect(out.chunks.join('')).not.toContain('\n');
  });
});
