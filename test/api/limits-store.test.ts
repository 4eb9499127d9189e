// Learned limits on disk: written whole (temporary file + rename), keyed by base URL,
// forgotten after 30 days, and a broken file costs only the pace.
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS_MAX_AGE_MS, loadLimits, saveLimits } from '../../src/api/limits-store.js';
import { captureLog } from './helpers.js';

const LIVE = 'https://api.openai.com/v1';
const EMULATOR = 'http://127.0.0.1:4010/v1';
const NOW = Date.parse('2026-05-10T00:00:00Z');

describe('limits store', () => {
  it('saves per base URL into a new folder and reads back only fresh entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgplane-store-'));
    const file = join(dir, 'state', 'rate-limits.json');
    const old = new Date(NOW - LIMITS_MAX_AGE_MS - 1).toISOString();
    saveLimits(file, LIVE, {
      routes: {
        'GET /organization/users': { limit: 8, windowMs: 60_000, learnedAt: '2026-05-09T00:00:00.000Z' },
        'GET /organization/invites': { limit: 7, windowMs: 60_000, learnedAt: old },
      },
    });
    saveLimits(file, EMULATOR, { routes: { 'GET /organization/users': { limit: 4, windowMs: 500, learnedAt: '2026-05-09T00:00:00.000Z' } } });
    expect(loadLimits(file, LIVE, NOW)).toEqual({
      routes: { 'GET /organization/users': { limit: 8, windowMs: 60_000, learnedAt: '2026-05-09T00:00:00.000Z' } },
    });
    expect(loadLimits(file, EMULATOR, NOW)?.routes['GET /organization/users']?.limit).toBe(4);
    // No temporary file left behind.
    expect(readdirSync(join(dir, 'state'))).toEqual(['rate-limits.json']);
  });

  it('an unreadable file is a warning and no limits, never an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgplane-store-'));
    const file = join(dir, 'rate-limits.json');
    writeFileSync(file, '{"version": 1, "servers": ');
    const log = captureLog();
    expect(loadLimits(file, LIVE, NOW, log.logger)).toBeUndefined();
    expect(log.records()).toMatchObject([{ level: 40, msg: 'learned rate limits unreadable, starting without them' }]);
    expect(loadLimits(join(dir, 'missing.json'), LIVE, NOW)).toBeUndefined();
  });

  it('a save that cannot replace the file warns and leaves no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgplane-store-'));
    const file = join(dir, 'rate-limits.json');
    mkdirSync(file); // a folder where the file should be: the rename fails
    const log = captureLog();
    saveLimits(file, LIVE, { routes: { 'GET /organization/users': { limit: 8, windowMs: 60_000, learnedAt: '2026-05-09T00:00:00.000Z' } } }, log.logger);
    expect(log.records().map((r) => r.msg)).toContain('learned rate limits not saved');
    expect(readdirSync(dir)).toEqual(['rate-limits.json']);
  });
});
