import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { AdminApi } from '../../src/api/admin-api.js';
import {
  analyzeEvents,
  describeActor,
  redactedMatches,
  resolveOwnKeyId,
  webhookPayload,
  webhookSink,
} from '../../src/drift/index.js';
import type { Change } from '../../src/plan/types.js';
import { desiredFixture, indexFixture, sessionEvent } from './fixtures.js';

const revert: Change = {
  address: 'org.member["grace@example.com"]',
  action: 'update',
  kind: 'org.member',
  target: { email: 'grace@example.com' },
  before: { role: 'owner' },
  after: { role: 'reader' },
  reason: 'role differs',
  destructive: false,
  dependsOn: [],
};
const promote = sessionEvent('user.updated', { id: 'user-grace', changes_requested: { role: 'owner' } });

describe('drift alerts', () => {
  it('says who, what, which line, and what orgplane does', () => {
    const analysis = analyzeEvents({
      events: [promote],
      ownActorIds: new Set(),
      desired: desiredFixture({ drift: { selfHeal: true } }),
      index: indexFixture(),
      changes: [revert],
      mode: 'apply',
    });
    expect(analysis.alerts).toHaveLength(1);
    const alert = analysis.alerts[0]!;
    expect(alert.actor).toEqual({ kind: 'user', email: 'grace@example.com', userId: 'user-grace', ipAddress: '203.0.113.9' });
    expect(alert.response).toBe('revert');
    expect(alert.planned).toEqual(['~ update org.member["grace@example.com"] (role: owner → reader)']);
    expect(alert.summary).toBe(
      'grace@example.com from 203.0.113.9 made user.updated on org.member["grace@example.com"], declared at org.yaml:8; orgplane reverts it (drift.selfHeal).',
    );
  });

  it('only reports in report mode or without selfHeal', () => {
    for (const [mode, selfHeal] of [['report', true], ['apply', false]] as const) {
      const [alert] = analyzeEvents({
        events: [promote], ownActorIds: new Set(), desired: desiredFixture({ drift: { selfHeal } }),
        index: indexFixture(), changes: [revert], mode,
      }).alerts;
      expect(alert?.response).toBe('report');
    }
  });

  it('drops events made with its own key and unmanaged ones whose prune is ignore', () => {
    const own = { ...promote, id: 'own', actor: { type: 'api_key', api_key: { id: 'key_own', type: 'user' } } } as typeof promote;
    const shadow = sessionEvent('group.created', { id: 'g2', data: { group_name: 'shadow' } });
    const desired = desiredFixture();
    const analysis = analyzeEvents({
      events: [own, shadow],
      ownActorIds: new Set(['key_own']),
      desired: { ...desired, policy: { ...desired.policy, prune: { ...desired.policy.prune, groups: 'ignore' } } },
      index: indexFixture(),
      changes: [],
      mode: 'report',
    });
    expect(analysis).toMatchObject({ own: 1, alerts: [], ignored: [{ eventId: shadow.id }] });
  });

  it('builds a Slack-compatible webhook body with structured fields', () => {
    const [alert] = analyzeEvents({
      events: [promote], ownActorIds: new Set(), desired: desiredFixture(), index: indexFixture(), changes: [revert], mode: 'report',
    }).alerts;
    const body = webhookPayload(alert!);
    expect(body.text.split('\n')).toEqual([
      ':warning: orgplane drift: user.updated by grace@example.com from 203.0.113.9',
      '• what: org.member["grace@example.com"]',
      '• change: {"role":"owner"}',
      '• contradicts: org.yaml:8:5',
      '• action: orgplane reports it; an apply (or drift.selfHeal in apply mode) would revert it',
      '  ~ update org.member["grace@example.com"] (role: owner → reader)',
      `• when: ${new Date(1_700_000_000_000).toISOString()} (event audit_user.updated, revision rev1)`,
    ]);
    expect(body.alert.targets[0]).toMatchObject({ address: 'org.member["grace@example.com"]', managed: true });
  });

  it('posts the alert to a webhook receiver', async () => {
    const received: unknown[] = [];
    const server = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        received.push({ type: req.headers['content-type'], body: JSON.parse(data) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const [alert] = analyzeEvents({
        events: [promote], ownActorIds: new Set(), desired: desiredFixture(), index: indexFixture(), changes: [revert], mode: 'report',
      }).alerts;
      await webhookSink({ url: `http://127.0.0.1:${port}/hook` }).send(alert!);
      expect(received).toMatchObject([{ type: 'application/json', body: { text: expect.stringContaining('user.updated'), alert: { eventId: promote.id } } }]);
    } finally {
      server.close();
    }
  });

  it('retries a failing webhook, then reports the status', async () => {
    const statuses = [503, 500, 502];
    const calls: number[] = [];
    const sink = webhookSink({
      url: 'http://127.0.0.1:1/x',
      fetch: (() => {
        const status = statuses[calls.length] ?? 500;
        calls.push(status);
        return Promise.resolve(new Response('no', { status }));
      }),
      sleep: () => Promise.resolve(),
    });
    const [alert] = analyzeEvents({
      events: [promote], ownActorIds: new Set(), desired: desiredFixture(), index: indexFixture(), changes: [revert], mode: 'report',
    }).alerts;
    await expect(sink.send(alert!)).rejects.toThrow('alert webhook answered 502');
    expect(calls).toEqual([503, 500, 502]);
  });
});

describe('own key', () => {
  it('matches a redacted value against the key in use', () => {
    expect(redactedMatches('sk-admin...def', 'sk-admin-abc123def')).toBe(true);
    expect(redactedMatches('sk-admin...xyz', 'sk-admin-abc123def')).toBe(false);
    expect(redactedMatches('sk-admin-****3def', 'sk-admin-abc123def')).toBe(true);
  });

  it('finds the one admin key whose redacted value matches', async () => {
    const keys = [
      { id: 'key_a', redacted_value: 'sk-admin...zzz' },
      { id: 'key_b', redacted_value: 'sk-admin...def' },
    ];
    const api = { listAdminApiKeys: function* () { yield* keys; } } as unknown as AdminApi;
    expect(await resolveOwnKeyId(api, 'sk-admin-abc123def')).toEqual({ found: true, id: 'key_b', how: 'redacted-value' });
    expect(await resolveOwnKeyId(api, 'sk-admin-nomatch')).toMatchObject({ found: false, reason: 'no-match' });
  });

  it('describes a key actor', () => {
    const event = { ...promote, actor: { type: 'api_key', api_key: { id: 'key_x', type: 'user', user: { id: 'u', email: 'bot@example.com' } } } } as typeof promote;
    expect(describeActor(event)).toEqual({ kind: 'api_key', apiKeyId: 'key_x', keyType: 'user', keyOwner: 'bot@example.com', email: 'bot@example.com' });
  });
});

describe('what needs an alert', () => {
  const base = { ownActorIds: new Set<string>(), index: indexFixture(), mode: 'report' as const };

  it('settles a change the manifests already agree with', () => {
    const analysis = analyzeEvents({ ...base, events: [promote], desired: desiredFixture(), changes: [] });
    expect(analysis.alerts).toEqual([]);
    expect(analysis.settled).toMatchObject([{ eventId: promote.id, response: 'none' }]);
  });

  it('reports a change to something no manifest declares when prune says report', () => {
    const shadow = sessionEvent('group.created', { id: 'g2', data: { group_name: 'shadow' } });
    const analysis = analyzeEvents({ ...base, events: [shadow], desired: desiredFixture(), changes: [] });
    expect(analysis.alerts).toMatchObject([
      { response: 'report', targets: [{ address: 'org.group["shadow"]', managed: false, prune: 'groups' }] },
    ]);
    expect(analysis.alerts[0]!.summary).toContain('not declared in any manifest');
  });
});
