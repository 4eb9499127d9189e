// Drift for the governance kinds: the spec's only events about them are tenant-scoped billing
// types without a payload, asked for (tenant_only) when a spend limit or alert is managed,
// and mapped to every declared setting they may be about.
import { describe, expect, it } from 'vitest';
import { auditStreams, mapAuditEvent, RefusedEventTypes } from '../../src/drift/index.js';
import type { Project } from '../../src/model/types.js';
import { desiredFixture, indexFixture, sessionEvent } from './fixtures.js';

const at = (file: string, line: number) => ({ file, line, column: 3 });

function governed() {
  const desired = desiredFixture();
  // No group members: the tenant stream is asked for because of the governance kinds alone.
  desired.org.groups = new Map([['ml-platform', { name: 'ml-platform', roles: [] }]]);
  const search = desired.org.projects.get('search')!;
  (desired.org.projects as Map<string, Project>).set('search', { ...search, spendLimit: { thresholdAmount: 100_000, currency: 'USD', interval: 'month', source: at('projects/search.yaml', 20) } });
  return desired;
}

describe('governance events in drift', () => {
  it('asks for the billing events with tenant_only only when a spend limit or alert is managed', () => {
    const streams = auditStreams(governed(), new RefusedEventTypes());
    expect(streams.map((s) => [s.name, s.tenantOnly])).toEqual([['org', false], ['tenant', true]]);
    expect(streams[1]!.eventTypes).toEqual(['tenant.billing.overage_limit.updated']);
    const plain = desiredFixture();
    plain.org.groups = new Map([['ml-platform', { name: 'ml-platform', roles: [] }]]);
    expect(auditStreams(plain, new RefusedEventTypes()).map((s) => s.name)).toEqual(['org']);
  });

  it('maps a spend-limit event (no payload, no project named) to the organization\'s limit and each declared project limit', () => {
    const mapping = mapAuditEvent(sessionEvent('tenant.billing.overage_limit.updated', {}), { desired: governed(), index: indexFixture() });
    expect(mapping.relevant).toBe(true);
    if (!mapping.relevant) return;
    expect(mapping.targets).toEqual([
      { address: 'org.spend_limit', kind: 'org.spend_limit', managed: false },
      { address: 'project["search"].spend_limit', kind: 'project.spend_limit', managed: true, source: at('projects/search.yaml', 20) },
    ]);
  });

  it('maps an alerts event to the alert lists as sets', () => {
    const desired = governed();
    desired.org.spendAlerts = new Map();
    const mapping = mapAuditEvent(sessionEvent('tenant.billing.alerts.updated', {}), { desired, index: indexFixture() });
    expect(mapping.relevant && mapping.targets.map((t) => [t.address, t.managed])).toEqual([['org.spend_alert[*]', true]]);
  });
});
