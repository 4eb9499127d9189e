// Lists as async iterators over the two envelopes of the Admin API:
// - `cursor`: `{ data, has_more, first_id, last_id }`, next page with `after=<last id>`;
// - `next`:   `{ data, has_more, next }` (groups, group users, roles, role assignments),
//   next page with `after=<next>`.
// A page we cannot trust stops the iteration with an error instead of ending it: a missing
// `data` array, a non-boolean `has_more`, `has_more` without a cursor, or a cursor seen
// before. An unreadable list must never look like an empty one (it would drive deletions).
export type Envelope = 'cursor' | 'next';

/** Fetches one page; `after` is undefined for the first. Resolves with the parsed body. */
export type FetchPage = (after: string | undefined) => Promise<unknown>;

/** Raised for a page that breaks the envelope; the client turns it into an ApiError. */
export class MalformedPageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedPageError';
  }
}

interface ReadPage {
  data: unknown[];
  hasMore: boolean;
  cursor: string | undefined;
}

export function readPage(body: unknown, envelope: Envelope): ReadPage {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new MalformedPageError('the page is not a JSON object');
  }
  const page = body as Record<string, unknown>;
  if (!Array.isArray(page.data)) throw new MalformedPageError('the page has no `data` array');
  if (typeof page.has_more !== 'boolean') throw new MalformedPageError('the page has no boolean `has_more`');
  const data = page.data as unknown[];
  let cursor: string | undefined;
  if (envelope === 'next') {
    cursor = typeof page.next === 'string' && page.next !== '' ? page.next : undefined;
  } else {
    cursor = typeof page.last_id === 'string' && page.last_id !== '' ? page.last_id : lastItemId(data);
  }
  if (page.has_more && cursor === undefined) {
    throw new MalformedPageError('`has_more` is true but the page gives no cursor to continue from');
  }
  if (page.has_more && data.length === 0) {
    throw new MalformedPageError('`has_more` is true on an empty page');
  }
  return { data, hasMore: page.has_more, cursor };
}

function lastItemId(data: unknown[]): string | undefined {
  const last = data.at(-1);
  if (typeof last !== 'object' || last === null) return undefined;
  const id = (last as { id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export async function* paginate<T>(
  fetchPage: FetchPage,
  envelope: Envelope,
  startAfter?: string,
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let after = startAfter;
  if (after !== undefined) seen.add(after);
  for (;;) {
    const page = readPage(await fetchPage(after), envelope);
    for (const item of page.data) yield item as T;
    if (!page.hasMore || page.cursor === undefined) return;
    if (seen.has(page.cursor)) {
      throw new MalformedPageError(`the cursor ${JSON.stringify(page.cursor)} repeats: the list would loop`);
    }
    seen.add(page.cursor);
    after = page.cursor;
  }
}
