// An AdminApi that answers the reads a snapshot holds from the snapshot and sends the
// others to the API, keeping their answers. The live reader runs on it unchanged, so a
// refreshed live state is assembled by exactly the code a full read uses.
import type { AdminApi } from '../api/admin-api.js';
import { CACHEABLE_READS, readKey, type CacheableRead } from './reads.js';
import type { CachedRead } from './types.js';

export interface ReadCache {
  /** What the API answered, by read key. Entries read through the cache are added. */
  readonly entries: Map<string, CachedRead>;
  /** Keys read from the API during this run. */
  readonly fetched: Set<string>;
  /** Keys the reader asked for during this run (from the cache or the API). */
  readonly used: Set<string>;
  /** Kept lists patched item by item during this run (a changed user or project fetched alone). */
  readonly patched: Set<string>;
  /** Single GETs made to patch them. */
  itemsFetched: number;
}

export function newReadCache(entries: Iterable<[string, CachedRead]> = []): ReadCache {
  return { entries: new Map(entries), fetched: new Set(), used: new Set(), patched: new Set(), itemsFetched: 0 };
}

export interface CachingApiOptions {
  /** Unix seconds, for `readAt`. */
  nowSeconds: () => number;
  reads?: Readonly<Record<string, CacheableRead>>;
}

export function cachingApi(api: AdminApi, cache: ReadCache, options: CachingApiOptions): AdminApi {
  const reads = options.reads ?? CACHEABLE_READS;
  const listThrough = (method: string, args: unknown[], open: () => AsyncIterable<unknown>): AsyncIterable<unknown> => ({
    async *[Symbol.asyncIterator]() {
      const key = readKey(method, args);
      cache.used.add(key);
      const held = cache.entries.get(key);
      if (held !== undefined) {
        yield* held.items;
        return;
      }
      const items: unknown[] = [];
      for await (const item of open()) {
        items.push(item);
        yield item;
      }
      // Only a list read to its end is kept: a reader that stopped early saw part of it.
      cache.entries.set(key, { readAt: options.nowSeconds(), items });
      cache.fetched.add(key);
    },
  });
  const getThrough = async (method: string, args: unknown[], fetch: () => Promise<unknown>): Promise<unknown> => {
    const key = readKey(method, args);
    cache.used.add(key);
    const held = cache.entries.get(key);
    if (held !== undefined && held.items.length === 1) return held.items[0];
    const item = await fetch();
    cache.entries.set(key, { readAt: options.nowSeconds(), items: [item] });
    cache.fetched.add(key);
    return item;
  };
  return new Proxy(api, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      const method = String(property);
      const read = reads[method];
      const bound = (value as (...a: unknown[]) => unknown).bind(target);
      if (read === undefined) return bound;
      return read.shape === 'list'
        ? (...args: unknown[]) => listThrough(method, args, () => bound(...args) as AsyncIterable<unknown>)
        : (...args: unknown[]) => getThrough(method, args, () => bound(...args) as Promise<unknown>);
    },
  });
}
