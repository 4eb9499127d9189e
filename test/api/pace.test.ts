// Concurrency and the client-wide 429 pause, seen from the HTTP side (nock).
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect } from '../../src/api/collect.js';
import { BASE, manualClock, settle, testClient, until, deferred } from './helpers.js';

beforeEach(() => nock.cleanAll());
afterEach(() => {
  const done = nock.isDone();
  nock.cleanAll();
  expect(done).toBe(true);
});

describe('concurrency', () => {
  it.each([1, 3, 8])('holds at most %i requests in flight', async (concurrency) => {
    let inFlight = 0;
    let peak = 0;
    const gate = deferred();
    nock(BASE)
      .get(/\/v1\/organization\/projects\/p\d+$/)
      .times(20)
      .reply(async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await gate.promise;
        inFlight -= 1;
        return [200, { id: 'p' }];
      });
    const client = testClient({ concurrency });
    const all = Promise.all(Array.from({ length: 20 }, (_, i) => client.getProject(`p${i}`)));
    await until(() => inFlight === concurrency);
    await settle();
    expect(inFlight).toBe(concurrency);
    gate.resolve();
    await all;
    expect(peak).toBe(concurrency);
    expect(client.requestStats().total).toBe(20);
  });
});

describe('a 429 holds its route, not the client', () => {
  it('holds the route until Retry-After has passed; another route goes on', async () => {
    const clock = manualClock(0);
    const served: [string, number][] = [];
    nock(BASE).get('/v1/organization/projects/a').reply(429, {}, { 'retry-after': '2' });
    nock(BASE).get('/v1/organization/projects/a').reply(() => { served.push(['a', clock.now()]); return [200, { id: 'a' }]; });
    nock(BASE).get('/v1/organization/projects/b').reply(() => { served.push(['b', clock.now()]); return [200, { id: 'b' }]; });
    nock(BASE).get('/v1/organization/users/u').reply(() => { served.push(['u', clock.now()]); return [200, { id: 'u' }]; });
    const client = testClient({ clock, concurrency: 8 });

    const a = client.getProject('a');
    await until(() => clock.pending() === 1); // a's second try waits for the route
    const b = client.getProject('b');
    const u = client.getUser('u');
    await u;
    expect(served).toEqual([['u', 0]]); // another route is not held
    expect(served.some(([name]) => name === 'b')).toBe(false); // b, same route template, waits

    clock.advance(2000);
    await Promise.all([a, b]);
    expect(served.slice(1).map(([name, t]) => [name, t])).toEqual([['a', 2000], ['b', 2000]]);
    expect(client.requestStats()).toMatchObject({ total: 4, retries: 1 });
  });
});

describe('request counts', () => {
  it('N objects cost ceil(N/max) requests: 101 projects → 2 requests', async () => {
    const data = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${from + i}` }));
    nock(BASE).get('/v1/organization/projects').query({ limit: '100' }).reply(200, { object: 'list', data: data(0, 100), last_id: 'p99', has_more: true });
    nock(BASE).get('/v1/organization/projects').query({ limit: '100', after: 'p99' }).reply(200, { object: 'list', data: data(100, 1), last_id: 'p100', has_more: false });
    const client = testClient();
    expect(await collect(client.listProjects())).toHaveLength(101);
    expect(client.requestStats().total).toBe(2);
  });
});
