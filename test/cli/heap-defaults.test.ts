// The CLI's V8 heap sizing: set unless the user sized the heap, with flags this Node knows.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyHeapDefaults, HEAP_DEFAULTS, userSizedHeap } from '../../src/cli/heap-defaults.js';

describe('heap defaults', () => {
  it("leaves a user's own heap flags alone, from NODE_OPTIONS or node's command line", () => {
    expect(userSizedHeap([], '--max-semi-space-size=16')).toBe(true);
    expect(userSizedHeap(['--max-old-space-size=512'], undefined)).toBe(true);
    expect(userSizedHeap([], '--enable-source-maps --heap-growing-percent=20')).toBe(true);
    expect(applyHeapDefaults([], '--max-semi-space-size=16')).toBe(false);
  });

  it('applies when nothing sizes the heap', () => {
    expect(userSizedHeap(['--enable-source-maps'], '--no-warnings')).toBe(false);
    expect(userSizedHeap([], undefined)).toBe(false);
  });

  it('uses flags this Node accepts (V8 says nothing about them)', () => {
    const run = spawnSync(process.execPath, [...HEAP_DEFAULTS, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8', env: {} });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ok');
  });
});
