// How long a 429 (or 503) asks us to wait, in ms. Order as in the official SDKs
// (openai-node `retryRequest`): `retry-after-ms` first, then `Retry-After` as seconds or
// an HTTP date (RFC 9110 §10.2.3). Undefined when absent or unreadable: the caller then
// backs off on its own schedule.
export function retryAfterMs(
  headers: Record<string, string | undefined>,
  now: number,
): number | undefined {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const header = headers['retry-after'];
  if (header === undefined || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  // An HTTP date always names a day or month; anything else (e.g. "-5") is unreadable.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
