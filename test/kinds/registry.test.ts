// The registry's own promises: one grammar for addresses, one kind per audit event type,
// event types the spec has, and page sizes known for every listed route.
import { describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE } from '../../src/api/page-sizes.js';
import { ORG_EVENT_TYPES as SPEC_ORG_TYPES, TENANT_EVENT_TYPES as SPEC_TENANT_TYPES } from '../../src/emulator/audit-event-types.js';
import { formatAddress } from '../../src/kinds/address.js';
import { addressOf, KINDS, kindOf } from '../../src/kinds/index.js';
import { executorFor, type ExecutorsOf } from '../../src/apply/executors/index.js';
import type { Change } from '../../src/plan/types.js';
import { planValidator } from '../../src/plan/serialize.js';
import { samplePlan } from '../render/sample-plan.js';

describe('kind registry', () => {
  it('gives every change of the sample plan the address its kind formats from its target', () => {
    const changes: Change[] = samplePlan().changes;
    expect(new Set(changes.map((c) => c.kind)).size).toBeGreaterThanOrEqual(9);
    for (const change of changes) {
      expect(addressOf(kindOf(change.kind)! as never, change.target as never)).toBe(change.address);
    }
  });

  it('has each audit event type mapped by one kind only', () => {
    const types = KINDS.flatMap((d) => [...d.audit.orgEvents, ...d.audit.tenantEvents]);
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types).size).toBe(types.length);
  });

  it('asks only for event types the spec lists, each in its own scope', () => {
    for (const d of KINDS) {
      for (const type of d.audit.orgEvents) expect(SPEC_ORG_TYPES, `${d.kind} ${type}`).toContain(type);
      for (const type of d.audit.tenantEvents) expect(SPEC_TENANT_TYPES, `${d.kind} ${type}`).toContain(type);
    }
  });

  it('knows the page size of every list route a kind reads', () => {
    for (const d of KINDS) {
      for (const route of d.live.routes) {
        // Routes ending in an id read one object, not a page.
        if (/\{[a-z_]+\}$/.test(route)) continue;
        // A setting (one per organization or project) is one object, not a page.
        if (d.singleton === true) continue;
        expect(MAX_PAGE_SIZE[route], `${d.kind} ${route}`).toBeGreaterThan(0);
      }
    }
  });

  it('has an executor for every action of every kind, and none for an action a kind lacks', () => {
    // Checked by the compiler (npm run lint type-checks tests): an executor table missing an action.
    // @ts-expect-error -- 'delete' has no executor
    const partial: ExecutorsOf<'project.service_account'> = { create: () => Promise.resolve(undefined) };
    expect(Object.keys(partial)).toEqual(['create']);
    for (const d of KINDS) {
      for (const action of Object.keys(d.executors)) expect(executorFor({ kind: d.kind, action } as Change), `${d.kind} ${action}`).toBeTypeOf('function');
    }
    expect(executorFor({ kind: 'project.service_account', action: 'update' } as unknown as Change)).toBeUndefined();
  });

  it('rejects an address with the wrong number of names', () => {
    expect(() => formatAddress('project.rate_limit', ['search'])).toThrow(/takes 2 names, got 1/);
  });

  it('writes a setting (one per organization or project) without a name of its own', () => {
    expect(formatAddress('org.spend_limit', [], { singleton: true })).toBe('org.spend_limit');
    expect(formatAddress('project.spend_limit', ['search'], { singleton: true })).toBe('project["search"].spend_limit');
    expect(() => formatAddress('project.spend_limit', ['search', 'x'], { singleton: true })).toThrow(/takes 1 name, got 2/);
  });

  it('accepts a setting address in a saved plan', () => {
    const plan = samplePlan();
    const validate = planValidator();
    for (const address of ['org.spend_limit', 'project["search"].spend_limit']) {
      const change = { ...plan.changes[0]!, dependsOn: [address] };
      expect(validate({ ...plan, changes: [change] }), address).toBe(true);
    }
    expect(validate({ ...plan, changes: [{ ...plan.changes[0]!, dependsOn: ['org.'] }] })).toBe(false);
  });
});
