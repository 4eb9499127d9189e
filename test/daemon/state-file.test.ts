import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditLog } from '../../src/api/types.js';
import { loadState, parseDuration, parseListen, saveState, STATE_FILE, subPlan } from '../../src/daemon/index.js';
import { advanceCursor } from '../../src/drift/index.js';
import type { DriftAlert } from '../../src/drift/index.js';
import type { Change, Plan } from '../../src/plan/types.js';

const dir = (): string => mkdtempSync(path.join(tmpdir(), 'orgplane-statefile-'));
const ev = (id: string, at: number): AuditLog => ({ id, type: 'user.updated', effective_at: at });

describe('daemon state file', () => {
  it('starts fresh, then round-trips the cursor so a restart handles no event twice', async () => {
    const stateDir = dir();
    const state = await loadState(stateDir, 1000);
    expect(state).toEqual({ version: 1, cursor: { lastSeenAt: 1000, seen: [], notBefore: 1000 }, openDrift: [] });
    state.cursor = advanceCursor(state.cursor, [ev('a', 1001), ev('b', 1001)]).next;
    state.lastGoodRevision = 'abc';
    await saveState(stateDir, state);
    expect(readdirSync(stateDir)).toEqual([STATE_FILE]);
    const restarted = await loadState(stateDir, 5000);
    expect(restarted).toEqual(state);
    expect(advanceCursor(restarted.cursor, [ev('a', 1001), ev('b', 1001), ev('c', 1001)]).fresh.map((e) => e.id)).toEqual(['c']);
  });

  it('treats a corrupt file as a fresh start rather than crashing', async () => {
    const stateDir = dir();
    writeFileSync(path.join(stateDir, STATE_FILE), '{"cursor": ');
    expect((await loadState(stateDir, 7)).cursor.lastSeenAt).toBe(7);
  });

  it('replaces the file atomically (no partial JSON, no temp files left)', async () => {
    const stateDir = dir();
    const state = await loadState(stateDir, 1);
    for (let i = 0; i < 5; i += 1) {
      state.openDrift = [`org.member["u${i}@x"]`];
      await saveState(stateDir, state);
    }
    expect(readdirSync(stateDir)).toEqual([STATE_FILE]);
    expect(JSON.parse(readFileSync(path.join(stateDir, STATE_FILE), 'utf8'))).toMatchObject({ openDrift: ['org.member["u4@x"]'] });
  });
});

describe('daemon options', () => {
  it('parses durations', () => {
    expect([parseDuration('200ms'), parseDuration('30s'), parseDuration('5m'), parseDuration('1h'), parseDuration('1.5s')]).toEqual([
      200, 30_000, 300_000, 3_600_000, 1500,
    ]);
    expect(() => parseDuration('5 minutes')).toThrow(/not a duration/);
  });

  it('parses --listen', () => {
    expect(parseListen('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseListen(':9464')).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(parseListen('[::1]:80')).toEqual({ host: '::1', port: 80 });
    expect(() => parseListen('9464')).toThrow(/HOST:PORT/);
  });
});

describe('subPlan (self-heal scope)', () => {
  const change = (address: string, dependsOn: string[] = []): Change => ({
    address, action: 'assign', kind: 'org.group.member', target: { group: 'g', email: 'a@x.test' }, reason: '', destructive: false, dependsOn,
  });
  it('keeps the changes for the drifted addresses and what they depend on, nothing else', () => {
    const plan = {
      changes: [change('org.group["g"]'), change('org.group["g"].member["a@x"]', ['org.group["g"]']), change('org.member["b@x"]')],
      summary: { create: 0, update: 0, delete: 0, invite: 0, archive: 0, assign: 3, unassign: 0 },
    } as unknown as Plan;
    const alert = { targets: [{ address: 'org.group["g"].member["a@x"]', kind: 'org.group.member', managed: true }] } as unknown as DriftAlert;
    const sub = subPlan(plan, [alert]);
    expect(sub.changes.map((c) => c.address)).toEqual(['org.group["g"]', 'org.group["g"].member["a@x"]']);
    expect(sub.summary.assign).toBe(2);
  });
});
