// Where snapshots live: 0600 files written atomically, and URLs read with a bearer token.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot, saveSnapshot, SnapshotError, type SnapshotDocument } from '../../src/snapshot/index.js';

const SNAPSHOT: SnapshotDocument = {
  formatVersion: 1,
  kind: 'orgplane-live-snapshot',
  adminKeyId: 'key_abc',
  fullReadAt: '2026-12-06T08:00:00.000Z',
  validAt: '2026-12-06T09:00:00.000Z',
  position: { lastSeenAt: 1_796_547_600, seen: [['audit_1', 1_796_547_590]] },
  reads: { listUsers: { readAt: 1_796_544_000, items: [{ id: 'user_1', email: 'ada@example.com', role: 'owner' }] } },
};

let dir: string;
let server: Server;
let url: string;
let body = `${JSON.stringify(SNAPSHOT)}\n`;
const seenAuth: (string | undefined)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'orgplane-snapshot-store-'));
  server = createServer((req, res) => {
    seenAuth.push(req.headers.authorization);
    if (req.headers.authorization !== 'Bearer right-token') {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/snapshot`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('snapshot files', () => {
  it('are written 0600 and read back as written', async () => {
    const file = path.join(dir, 'nested', 'live.json');
    await saveSnapshot(file, SNAPSHOT);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadSnapshot(file)).toEqual({ found: true, snapshot: SNAPSHOT });
  });

  it('a missing file is the first run; a file of another format says which', async () => {
    expect(await loadSnapshot(path.join(dir, 'none.json'))).toEqual({ found: false, reason: `no snapshot at ${path.join(dir, 'none.json')} yet` });
    const other = path.join(dir, 'v2.json');
    await writeFile(other, JSON.stringify({ ...SNAPSHOT, formatVersion: 2 }));
    const loaded = await loadSnapshot(other);
    expect(loaded).toMatchObject({ found: false, reason: expect.stringContaining('it has format version 2; this orgplane reads version 1') as unknown });
    const edited = path.join(dir, 'edited.json');
    await writeFile(edited, JSON.stringify({ ...SNAPSHOT, adminKeyId: 7 }));
    expect(await loadSnapshot(edited)).toMatchObject({ found: false, reason: expect.stringContaining('/adminKeyId must be string,null') as unknown });
  });

  it('a URL is read-only', async () => {
    await expect(saveSnapshot('https://orgplane.internal/snapshot', SNAPSHOT)).rejects.toThrow(/read-only/);
  });
});

describe('snapshot URLs', () => {
  it('are read with the bearer token', async () => {
    expect(await loadSnapshot(url, { token: 'right-token' })).toEqual({ found: true, snapshot: SNAPSHOT });
    expect(seenAuth.at(-1)).toBe('Bearer right-token');
  });

  it('a refused token fails with what to set, without the token in the message', async () => {
    const error = await loadSnapshot(`${url}?x=1`, { token: 'wrong-token' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as Error).message).toBe(`cannot fetch the snapshot from ${url} (HTTP 401): set ORGPLANE_SNAPSHOT_TOKEN to the daemon's snapshot token`);
    expect((error as Error).message).not.toContain('wrong-token');
  });

  it('a truncated answer means no usable snapshot, with the reason', async () => {
    body = `${JSON.stringify(SNAPSHOT)}`.slice(0, 80);
    const loaded = await loadSnapshot(url, { token: 'right-token' });
    expect(loaded.found).toBe(false);
    expect(loaded).toMatchObject({ reason: expect.stringMatching(/^the snapshot http:\/\/127\.0\.0\.1:\d+\/snapshot cannot be used: it is not JSON \(truncated or corrupt/) as unknown });
    body = `${JSON.stringify(SNAPSHOT)}\n`;
    expect(await readFile(path.join(dir, 'nested', 'live.json'), 'utf8')).toContain('orgplane-live-snapshot');
  });
});
