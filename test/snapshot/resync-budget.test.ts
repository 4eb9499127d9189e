// The background resync's share of each route's limit: learned limits win over the assumed
// 8 a minute, requests age out with the route's window, and an answer's cost is what its last
// read cost.
import { describe, expect, it } from 'vitest';
import { ResyncBudget } from '../../src/snapshot/index.js';

const USERS = 'GET /organization/users';
const MEMBERS = 'GET /organization/projects/{project_id}/users';

describe('ResyncBudget', () => {
  it('takes its share of the learned limit, else of the assumed 8 a minute', () => {
    const clock = { now: 0 };
    const budget = new ResyncBudget({ share: 0.25, now: () => clock.now, limits: () => ({ [USERS]: { limit: 20, windowMs: 30_000 } }) });
    expect(budget.allowance(USERS)).toBe(5);
    expect(budget.allowance(MEMBERS)).toBe(2);
    // Never nothing at all: a share below one request still allows one a window.
    expect(new ResyncBudget({ share: 0.01, now: () => 0 }).allowance(MEMBERS)).toBe(1);
  });

  it('holds an answer back while its route has spent the share this window, and lets it go in the next', () => {
    const clock = { now: 1_000 };
    const budget = new ResyncBudget({ share: 0.25, now: () => clock.now });
    expect(budget.allows('listProjectUsers proj_1')).toBe(true);
    budget.spend('listProjectUsers proj_1', { [MEMBERS]: 1 });
    // Another project's members: same route, one more fits the share of 2.
    expect(budget.allows('listProjectUsers proj_2')).toBe(true);
    budget.spend('listProjectUsers proj_2', { [MEMBERS]: 1 });
    expect(budget.used(MEMBERS)).toBe(2);
    expect(budget.allows('listProjectUsers proj_3')).toBe(false);
    // Other routes are not held by it.
    expect(budget.allows('listUsers')).toBe(true);
    clock.now += 60_001;
    expect(budget.used(MEMBERS)).toBe(0);
    expect(budget.allows('listProjectUsers proj_3')).toBe(true);
  });

  it('lets an answer larger than the share go alone, in a window its route has had none', () => {
    const clock = { now: 0 };
    const budget = new ResyncBudget({ share: 0.25, now: () => clock.now });
    budget.spend('listUsers', { [USERS]: 5 });
    clock.now += 60_001;
    expect(budget.allows('listUsers')).toBe(true);
    budget.spend('listUsers', { [USERS]: 5 });
    expect(budget.allows('listUsers')).toBe(false);
  });
});
