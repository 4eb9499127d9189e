import { describe, expect, it, vi } from 'vitest';
import { describeProgress, formatEta, terminalProgress } from '../../src/live/index.js';
import type { Logger } from '../../src/logging/logger.js';

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

const PACED = { done: 230, inFlight: 5, queued: 40, waitingOnLimits: 38, etaMs: 5 * 60_000 + 20_000, limited: 12 };

describe('what progress says', () => {
  it('lists done/total, requests done and waiting on rate limits, and an ETA', () => {
    expect(describeProgress({ label: 'projects', done: 120, total: 400 }, PACED)).toBe(
      'reading projects 120/400 · 230 requests done, 45 waiting (38 on rate limits) · about 6 min left',
    );
    expect(describeProgress({ label: 'changes', done: 3, total: 40 }, { ...PACED, waitingOnLimits: 0, etaMs: 0 })).toBe(
      'applying changes 3/40 · 230 requests done, 45 waiting',
    );
  });

  it('rounds the ETA the way a countdown reads', () => {
    expect([400, 59_000, 61_000, 3_600_000, 7_380_000].map(formatEta)).toEqual(['1 s', '59 s', '2 min', '1 h 0 min', '2 h 3 min']);
  });

  it('on a terminal, the line carries the requests and redraws while requests wait', () => {
    vi.useFakeTimers();
    try {
      const out = stream(true);
      let pacing = PACED;
      const progress = terminalProgress(out, { pacing: () => pacing });
      progress.update({ phase: 'projects', done: 1, total: 2 });
      pacing = { ...PACED, done: 231, etaMs: 60_000 };
      vi.advanceTimersByTime(1_000);
      progress.finish();
      expect(out.chunks).toEqual([
        // 80 columns: the compact form keeps the ETA rather than cut it off.
        '\r\u001b[2Kprojects 1/2 · 230 done, 45 waiting · ~6 min left',
        '\r\u001b[2Kprojects 1/2 · 231 done, 45 waiting · ~1 min left',
        '\r\u001b[2K',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('off a terminal (CI), one log line every 30 s and no carriage returns', () => {
    vi.useFakeTimers();
    try {
      const out = stream(false);
      const lines: [Record<string, unknown>, string][] = [];
      const logger = { info: (fields: Record<string, unknown>, msg: string) => lines.push([fields, msg]) } as unknown as Logger;
      const progress = terminalProgress(out, { pacing: () => PACED, logger });
      progress.update({ phase: 'projects', done: 7, total: 9 });
      vi.advanceTimersByTime(29_999);
      expect(lines).toEqual([]);
      vi.advanceTimersByTime(1);
      vi.advanceTimersByTime(30_000);
      progress.finish();
      vi.advanceTimersByTime(60_000);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toEqual([
        { step: 'reading projects', done: 7, total: 9, requestsDone: 230, requestsWaiting: 45, waitingOnRateLimits: 38, etaSeconds: 320 },
        'progress',
      ]);
      expect(out.chunks).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
