import { describe, expect, it } from 'vitest';
import { backoffDelayMs, BACKOFF_BASE_MS, BACKOFF_CAP_MS } from '../../src/api/backoff.js';

describe('backoffDelayMs (full jitter)', () => {
  it('doubles the ceiling from 0.5 s up to the 8 s cap', () => {
    const top = (retry: number) => backoffDelayMs(retry, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5, 9].map(top)).toEqual([499, 999, 1999, 3999, 7999, 7999, 7999]);
    expect(BACKOFF_BASE_MS).toBe(500);
    expect(BACKOFF_CAP_MS).toBe(8000);
  });
  it('can be zero (full jitter: anywhere in [0, ceiling))', () => {
    expect(backoffDelayMs(3, () => 0)).toBe(0);
    expect(backoffDelayMs(3, () => 0.5)).toBe(2000);
  });
});
