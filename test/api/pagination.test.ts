import { describe, expect, it } from 'vitest';
import { collect } from '../../src/api/collect.js';
import { MalformedPageError, paginate, readPage } from '../../src/api/pagination.js';

describe('readPage', () => {
  it('reads the cursor envelope: last_id, else the last item id', () => {
    expect(readPage({ data: [{ id: 'a' }], has_more: true, last_id: 'a' }, 'cursor').cursor).toBe('a');
    expect(readPage({ data: [{ id: 'b' }], has_more: true }, 'cursor').cursor).toBe('b');
  });
  it('reads the next envelope', () => {
    expect(readPage({ data: [{ id: 'a' }], has_more: true, next: 'opaque' }, 'next').cursor).toBe('opaque');
    expect(readPage({ data: [], has_more: false, next: null }, 'next')).toEqual({ data: [], hasMore: false, cursor: undefined });
  });
  it.each([
    ['null', null, 'cursor', /not a JSON object/],
    ['no data', { has_more: false }, 'cursor', /no `data` array/],
    ['data not an array', { data: {}, has_more: false }, 'cursor', /no `data` array/],
    ['no has_more', { data: [] }, 'cursor', /boolean `has_more`/],
    ['has_more as a string', { data: [], has_more: 'false' }, 'cursor', /boolean `has_more`/],
    ['has_more without next', { data: [{ id: 'a' }], has_more: true, next: null }, 'next', /no cursor/],
    ['has_more without any id', { data: [{}], has_more: true }, 'cursor', /no cursor/],
    ['has_more on an empty page', { data: [], has_more: true, next: 'x' }, 'next', /empty page/],
  ] as const)('refuses %s', (_name, body, envelope, message) => {
    expect(() => readPage(body, envelope)).toThrow(MalformedPageError);
    expect(() => readPage(body, envelope)).toThrow(message);
  });
});

describe('paginate', () => {
  it('passes each cursor as after and stops at has_more false', async () => {
    const asked: (string | undefined)[] = [];
    const pages = [
      { data: [1, 2].map((n) => ({ id: `o${n}` })), has_more: true, last_id: 'o2' },
      { data: [{ id: 'o3' }], has_more: false, last_id: 'o3' },
    ];
    const items = await collect(paginate((after) => { asked.push(after); return Promise.resolve(pages[asked.length - 1]); }, 'cursor'));
    expect(items).toHaveLength(3);
    expect(asked).toEqual([undefined, 'o2']);
  });
  it('refuses a cursor equal to the starting one', async () => {
    const it = paginate(() => Promise.resolve({ data: [{ id: 'a' }], has_more: true, next: 'start' }), 'next', 'start');
    await expect(collect(it)).rejects.toThrow(/repeats/);
  });
});
