import { describe, expect, it, vi } from 'vitest';
import { verifyConvergence } from '../../src/apply/index.js';
import { change, planOf } from './support/builders.js';

const leftover = change('project.service_account', 'create', 'project["x"].service_account["a"]');

describe('verifyConvergence', () => {
  it('is converged when the re-plan is empty, after one read', async () => {
    const replan = vi.fn(() => Promise.resolve(planOf([])));
    expect(await verifyConvergence({ replan, sleep: () => Promise.resolve() })).toEqual({ converged: true, remaining: [], reads: 1 });
  });

  it('gives a just-created object a grace of a few re-reads with growing waits', async () => {
    const plans = [planOf([leftover]), planOf([leftover]), planOf([])];
    const sleep = vi.fn(() => Promise.resolve());
    const result = await verifyConvergence({ replan: () => Promise.resolve(plans.shift()!), sleep, delaysMs: [10, 20, 40] });
    expect(result).toEqual({ converged: true, remaining: [], reads: 3 });
    expect(sleep.mock.calls).toEqual([[10], [20]]);
  });

  it('reports what is left after the grace runs out', async () => {
    const sleep = vi.fn(() => Promise.resolve());
    const result = await verifyConvergence({ replan: () => Promise.resolve(planOf([leftover])), sleep, delaysMs: [10, 20] });
    expect(result.converged).toBe(false);
    expect(result.remaining.map((c) => c.address)).toEqual(['project["x"].service_account["a"]']);
    expect(result.reads).toBe(3);
  });

  it('does not wait for leftovers that cannot settle by themselves (e.g. changes that failed)', async () => {
    const sleep = vi.fn(() => Promise.resolve());
    const result = await verifyConvergence({
      replan: () => Promise.resolve(planOf([leftover])),
      sleep,
      mayStillSettle: () => false,
    });
    expect(result).toMatchObject({ converged: false, reads: 1 });
    expect(sleep).not.toHaveBeenCalled();
  });
});
