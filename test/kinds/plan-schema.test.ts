// schemas/plan.schema.json and the kinds' types agree: the kind enum is the registry, each
// kind allows exactly the actions it has executors for (KindTypes' actions: a missing one
// does not compile), and its target requires the names its address is made of.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../src/kinds/index.js';
import { parsePlan, PLAN_SCHEMA_URL } from '../../src/plan/index.js';
import { samplePlan } from '../render/sample-plan.js';

interface KindRule {
  if: { properties: { kind?: { const: string } } };
  then: { properties: { action: { enum: string[] }; target: { required: string[] } } };
}

const schema = JSON.parse(readFileSync(PLAN_SCHEMA_URL, 'utf8')) as {
  $defs: { kind: { enum: string[] }; action: { enum: string[] }; change: { allOf: KindRule[] } };
};
const kindRules = schema.$defs.change.allOf.filter((rule) => rule.if?.properties?.kind !== undefined);

/** The target members a descriptor's address reads, found by handing it a recording target. */
function nameKeys(names: (target: never) => readonly string[]): string[] {
  const read: string[] = [];
  const target = new Proxy({}, { get: (_, key) => (typeof key === 'string' ? (read.push(key), `name-${key}`) : undefined) });
  names(target as never);
  return read;
}

const sorted = (values: Iterable<string>): string[] => [...values].sort();

describe('plan schema and kind descriptors', () => {
  it('lists exactly the registered kinds', () => {
    expect(sorted(schema.$defs.kind.enum)).toEqual(sorted(KINDS.map((d) => d.kind)));
  });

  it('lists exactly the actions some kind has', () => {
    expect(sorted(schema.$defs.action.enum)).toEqual(sorted(new Set(KINDS.flatMap((d) => Object.keys(d.executors)))));
  });

  it.each(KINDS.map((d) => [d.kind, d] as const))('%s: its actions and target names', (kind, descriptor) => {
    const rules = kindRules.filter((rule) => rule.if.properties.kind?.const === kind);
    expect(rules).toHaveLength(1);
    const rule = rules[0]!;
    expect(sorted(rule.then.properties.action.enum)).toEqual(sorted(Object.keys(descriptor.executors)));
    expect(sorted(rule.then.properties.target.required)).toEqual(sorted(nameKeys((t: never) => descriptor.names(t))));
  });

  it('refuses a saved change whose kind has no such action', () => {
    const plan = samplePlan();
    const account = plan.changes.find((c) => c.kind === 'project.service_account')!;
    const json = JSON.stringify({ ...plan, changes: [{ ...account, action: 'update' }] });
    expect(() => parsePlan(json)).toThrow(/\/changes\/0\/action must be equal to one of the allowed values/);
  });

  it('refuses a saved change whose target lacks a name of its address', () => {
    const plan = samplePlan();
    const limit = plan.changes.find((c) => c.kind === 'project.rate_limit')!;
    const json = JSON.stringify({ ...plan, changes: [{ ...limit, target: { project: 'search' } }] });
    expect(() => parsePlan(json)).toThrow(/\/changes\/0\/target must have required property 'model'/);
  });
});
