import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlan, PLAN_SCHEMA_URL, PlanFormatError, serializePlan } from '../../src/plan/index.js';
import { planValidator } from '../../src/plan/serialize.js';
import { renderJson } from '../../src/render/index.js';
import { samplePlan } from '../render/sample-plan.js';

describe('plan JSON', () => {
  it('is draft 2020-12 and the sample plan (every kind of change) validates against it', () => {
    const schema = JSON.parse(readFileSync(PLAN_SCHEMA_URL, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const json = JSON.parse(renderJson(samplePlan()));
    const validate = planValidator();
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.formatVersion).toBe(1);
  });

  it('round-trips through serializePlan and parsePlan', () => {
    const plan = samplePlan();
    expect(parsePlan(serializePlan(plan))).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['a key file passed as the plan', 'sk-admin-CANARY-0123456789abcdef\n', /^the plan file is not JSON: Unexpected token 's'$/],
    ['another format version', JSON.stringify({ ...samplePlan(), formatVersion: 2 }), /formatVersion 2, this orgplane reads 1/],
    ['no format version', JSON.stringify({ changes: [] }), /formatVersion null/],
    [
      'a change with an unknown action',
      JSON.stringify({ ...samplePlan(), changes: [{ ...samplePlan().changes[0], action: 'explode' }] }),
      /\/changes\/0\/action must be equal to one of the allowed values/,
    ],
    [
      'a delete not flagged destructive',
      JSON.stringify({ ...samplePlan(), changes: [{ ...samplePlan().changes.find((c) => c.action === 'delete'), destructive: false }] }),
      /\/changes\/0\/destructive must be equal to constant/,
    ],
    ['a missing summary', JSON.stringify({ ...samplePlan(), summary: undefined }), /\(root\) must have required property 'summary'/],
  ])('refuses %s with a clear message', (_name, json, message) => {
    expect(() => parsePlan(json)).toThrow(PlanFormatError);
    expect(() => parsePlan(json)).toThrow(message);
  });

  it('holds no secret: a created service account carries its name only', () => {
    const json = renderJson(samplePlan());
    expect(json).toContain('"serviceAccount": "indexer"');
    expect(json).not.toMatch(/sk-|"value"|apiKey"/);
  });
});
