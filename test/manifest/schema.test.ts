// schemas/orgplane.schema.json as an artifact of its own (editors use it without orgplane):
// every shipped example validates, every negative case fails at the expected path.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const ROOT = new URL('../../', import.meta.url).pathname;
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/orgplane.schema.json'), 'utf8'));
type AddFormats = (ajv: Ajv2020) => void;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

// Editors' YAML language server validates with draft-07 semantics: the schema must only use
// keywords that mean the same there (no $ref siblings that validate, no unevaluated*).
const draft07 = new Ajv({ allErrors: true, strict: false });
addFormats(draft07);
const validate07 = draft07.compile({ ...schema, $schema: 'http://json-schema.org/draft-07/schema#' });

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return yamlFiles(full);
      return /\.ya?ml$/.test(name) ? [full] : [];
    });
}

const examples = ['policies', 'examples/large-org', 'test/manifest/fixtures/good'].flatMap((dir) =>
  yamlFiles(path.join(ROOT, dir)).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).map((doc, i) => ({ name: `${path.relative(ROOT, file)}#${i}`, value: doc.toJS() as unknown })),
  ),
);

const ORG = { apiVersion: 'orgplane/v1', kind: 'Organization', spec: { members: [{ email: 'ada@example.com', role: 'owner' }] } };
const PROJECT = { apiVersion: 'orgplane/v1', kind: 'Project', metadata: { name: 'search' } };
const POLICY = { apiVersion: 'orgplane/v1', kind: 'Policy', spec: {} };
const GROUP = { apiVersion: 'orgplane/v1', kind: 'Group', metadata: { name: 'ml' }, spec: {} };

const negatives: { name: string; value: unknown; instancePath: string; keyword: string }[] = [
  { name: 'missing apiVersion', value: { kind: 'Project', metadata: { name: 'x' } }, instancePath: '', keyword: 'required' },
  { name: 'wrong apiVersion', value: { ...PROJECT, apiVersion: 'orgplane/v2' }, instancePath: '/apiVersion', keyword: 'const' },
  { name: 'unknown kind', value: { ...PROJECT, kind: 'Team' }, instancePath: '/kind', keyword: 'enum' },
  { name: 'unknown top-level field', value: { ...PROJECT, labels: {} }, instancePath: '', keyword: 'additionalProperties' },
  { name: 'Organization without members', value: { ...ORG, spec: {} }, instancePath: '/spec', keyword: 'required' },
  { name: 'bad org role', value: { ...ORG, spec: { members: [{ email: 'ada@example.com', role: 'admin' }] } }, instancePath: '/spec/members/0/role', keyword: 'enum' },
  { name: 'bad email', value: { ...ORG, spec: { members: [{ email: 'ada', role: 'owner' }] } }, instancePath: '/spec/members/0/email', keyword: 'format' },
  { name: 'unknown member field', value: { ...ORG, spec: { members: [{ email: 'a@b.co', role: 'owner', name: 'Ada' }] } }, instancePath: '/spec/members/0', keyword: 'additionalProperties' },
  { name: 'group member twice', value: { ...ORG, spec: { ...ORG.spec, groups: [{ name: 'g', members: ['a@b.co', 'a@b.co'] }] } }, instancePath: '/spec/groups/0/members', keyword: 'uniqueItems' },
  { name: 'role without permissions', value: { ...ORG, spec: { ...ORG.spec, roles: [{ name: 'r' }] } }, instancePath: '/spec/roles/0', keyword: 'required' },
  { name: 'certificate without file', value: { ...ORG, spec: { ...ORG.spec, certificates: [{ name: 'c' }] } }, instancePath: '/spec/certificates/0', keyword: 'required' },
  { name: 'Project without name', value: { ...PROJECT, metadata: {} }, instancePath: '/metadata', keyword: 'required' },
  { name: 'bad project id', value: { ...PROJECT, metadata: { name: 'x', id: 'search' } }, instancePath: '/metadata/id', keyword: 'pattern' },
  { name: 'bad project status', value: { ...PROJECT, spec: { status: 'deleted' } }, instancePath: '/spec/status', keyword: 'enum' },
  { name: 'bad project role', value: { ...PROJECT, spec: { members: [{ email: 'a@b.co', role: 'reader' }] } }, instancePath: '/spec/members/0/role', keyword: 'enum' },
  { name: 'project group without role', value: { ...PROJECT, spec: { groups: [{ name: 'g' }] } }, instancePath: '/spec/groups/0', keyword: 'required' },
  { name: 'unknown rate limit field', value: { ...PROJECT, spec: { rateLimits: { 'gpt-4o': { rpm: 5 } } } }, instancePath: '/spec/rateLimits/gpt-4o', keyword: 'additionalProperties' },
  { name: 'negative rate limit', value: { ...PROJECT, spec: { rateLimits: { 'gpt-4o': { maxRequestsPer1Minute: -1 } } } }, instancePath: '/spec/rateLimits/gpt-4o/maxRequestsPer1Minute', keyword: 'minimum' },
  { name: 'fractional rate limit', value: { ...PROJECT, spec: { rateLimits: { 'gpt-4o': { maxTokensPer1Minute: 1.5 } } } }, instancePath: '/spec/rateLimits/gpt-4o/maxTokensPer1Minute', keyword: 'type' },
  { name: 'empty rate limit', value: { ...PROJECT, spec: { rateLimits: { 'gpt-4o': {} } } }, instancePath: '/spec/rateLimits/gpt-4o', keyword: 'minProperties' },
  { name: 'externalKeyId of the wrong type', value: { ...PROJECT, spec: { externalKeyId: 5 } }, instancePath: '/spec/externalKeyId', keyword: 'type' },
  { name: 'Group without metadata', value: { ...GROUP, metadata: undefined }, instancePath: '', keyword: 'required' },
  { name: 'Group with an unknown spec field', value: { ...GROUP, spec: { memebrs: [] } }, instancePath: '/spec', keyword: 'additionalProperties' },
  { name: 'bad prune mode', value: { ...POLICY, spec: { prune: { members: 'remove' } } }, instancePath: '/spec/prune/members', keyword: 'enum' },
  { name: 'unknown prune kind', value: { ...POLICY, spec: { prune: { apiKeys: 'delete' } } }, instancePath: '/spec/prune', keyword: 'additionalProperties' },
  { name: 'maxDeletePercent over 100', value: { ...POLICY, spec: { safety: { maxDeletePercent: 150 } } }, instancePath: '/spec/safety/maxDeletePercent', keyword: 'maximum' },
  { name: 'protected not an email', value: { ...POLICY, spec: { safety: { protected: ['ada'] } } }, instancePath: '/spec/safety/protected/0', keyword: 'format' },
  { name: 'domain with @', value: { ...POLICY, spec: { rules: { allowedEmailDomains: ['@example.com'] } } }, instancePath: '/spec/rules/allowedEmailDomains/0', keyword: 'pattern' },
  { name: 'selfHeal not a boolean', value: { ...POLICY, spec: { drift: { selfHeal: 'yes' } } }, instancePath: '/spec/drift/selfHeal', keyword: 'type' },
  { name: 'spend limit of 0 cents', value: { ...PROJECT, spec: { spendLimit: { thresholdAmount: 0 } } }, instancePath: '/spec/spendLimit/thresholdAmount', keyword: 'minimum' },
  { name: 'spend limit in dollars with a fraction', value: { ...ORG, spec: { ...ORG.spec, spendLimit: { thresholdAmount: 10.5 } } }, instancePath: '/spec/spendLimit/thresholdAmount', keyword: 'type' },
  { name: 'spend limit in another currency', value: { ...PROJECT, spec: { spendLimit: { thresholdAmount: 100, currency: 'EUR' } } }, instancePath: '/spec/spendLimit/currency', keyword: 'enum' },
  { name: 'spend alerts null', value: { ...PROJECT, spec: { spendAlerts: null } }, instancePath: '/spec/spendAlerts', keyword: 'type' },
  { name: 'spend alert without recipients', value: { ...PROJECT, spec: { spendAlerts: [{ thresholdAmount: 1, notificationChannel: { recipients: [] } }] } }, instancePath: '/spec/spendAlerts/0/notificationChannel/recipients', keyword: 'minItems' },
  { name: 'model permissions mode', value: { ...PROJECT, spec: { modelPermissions: { mode: 'allow', modelIds: [] } } }, instancePath: '/spec/modelPermissions/mode', keyword: 'enum' },
  { name: 'hosted tools null', value: { ...PROJECT, spec: { hostedToolPermissions: null } }, instancePath: '/spec/hostedToolPermissions', keyword: 'type' },
  { name: 'unknown hosted tool', value: { ...PROJECT, spec: { hostedToolPermissions: { browser: { enabled: true } } } }, instancePath: '/spec/hostedToolPermissions', keyword: 'additionalProperties' },
  { name: 'org data retention organization_default', value: { ...ORG, spec: { ...ORG.spec, dataRetention: { type: 'organization_default' } } }, instancePath: '/spec/dataRetention/type', keyword: 'enum' },
  { name: 'project data retention null', value: { ...PROJECT, spec: { dataRetention: null } }, instancePath: '/spec/dataRetention', keyword: 'type' },
  { name: 'maxLoosenings negative', value: { ...POLICY, spec: { safety: { maxLoosenings: -1 } } }, instancePath: '/spec/safety/maxLoosenings', keyword: 'minimum' },
  { name: 'requireDataRetention none', value: { ...POLICY, spec: { rules: { requireDataRetention: 'none' } } }, instancePath: '/spec/rules/requireDataRetention', keyword: 'enum' },
];

describe('orgplane.schema.json', () => {
  it('is a draft 2020-12 schema that ajv compiles in strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('covers every example', () => {
    expect(examples.length).toBeGreaterThan(50);
  });

  it.each(examples)('accepts $name', ({ value }) => {
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    expect(validate07(value), JSON.stringify(validate07.errors)).toBe(true);
  });

  it.each([ORG, PROJECT, POLICY, GROUP])('accepts the smallest $kind', (value) => {
    expect(validate(value)).toBe(true);
  });

  it.each(negatives)('rejects $name at "$instancePath" ($keyword)', ({ value, instancePath, keyword }) => {
    expect(validate(JSON.parse(JSON.stringify(value)))).toBe(false);
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
    expect(errors.map((e) => `${e.instancePath} ${e.keyword}`)).toContain(`${instancePath} ${keyword}`);
    expect(validate07(JSON.parse(JSON.stringify(value))), 'an editor (draft-07) must reject it too').toBe(false);
  });
});
