// Validating emulator answers against OpenAI's OpenAPI spec (reference/openapi-admin.yaml)
// and reading the response examples of the reference text.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

const SPEC_PATH = fileURLToPath(new URL('../../reference/openapi-admin.yaml', import.meta.url));
/** The reference text, committed under reference/ so the check runs on a clean clone; ORGPLANE_API_REFERENCE points elsewhere. */
export const REFERENCE_PATH = process.env.ORGPLANE_API_REFERENCE ?? fileURLToPath(new URL('../../reference/openai-admin-api.md', import.meta.url));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Json }> }> }>>;
  components: { schemas: Record<string, Json> };
}

/** OpenAPI → JSON Schema 2020-12: refs into $defs, `nullable: true` as a null type. */
function convert(node: Json): Json {
  if (Array.isArray(node)) return node.map(convert);
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace('#/components/schemas/', 'spec#/$defs/');
    else if (key.startsWith('x-') || key === 'example' || key === 'discriminator') continue;
    else out[key] = convert(value);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  } else if ('nullable' in out) {
    delete out.nullable;
  }
  return out;
}

let cached: { spec: Spec; ajv: Ajv2020 } | undefined;

function load(): { spec: Spec; ajv: Ajv2020 } {
  if (cached) return cached;
  const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as Spec;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (ajv: Ajv2020) => void)(ajv);
  ajv.addFormat('unixtime', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addSchema({ $id: 'spec', $defs: convert(spec.components.schemas) });
  cached = { spec, ajv };
  return cached;
}

const validators = new Map<string, ValidateFunction>();

/** The validator of the 200 answer of `METHOD /v1/template` (template as in API_ROUTES). */
export function responseValidator(method: string, template: string): ValidateFunction {
  const key = `${method} ${template}`;
  const known = validators.get(key);
  if (known) return known;
  const { spec, ajv } = load();
  const path = template.replace(/^\/v1/, '');
  const operation = spec.paths[path]?.[method.toLowerCase()];
  const schema = operation?.responses?.['200']?.content?.['application/json']?.schema;
  if (schema === undefined) throw new Error(`the spec has no 200 JSON schema for ${key}`);
  const validate = ajv.compile(convert(schema) as object);
  validators.set(key, validate);
  return validate;
}

export function validationErrors(method: string, template: string, body: unknown): string[] {
  const validate = responseValidator(method, template);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

let examples: Map<string, unknown> | undefined;

/** Response examples of the reference text, keyed `METHOD /v1/path`. */
export function referenceExamples(): Map<string, unknown> {
  if (examples) return examples;
  examples = new Map();
  const text = readFileSync(REFERENCE_PATH, 'utf8');
  for (const section of text.split(/^## /m)) {
    const endpoint = /^\*\*(get|post|delete)\*\* `([^`]+)`/m.exec(section);
    const response = /#### Response\s*```json\n([\s\S]*?)\n```/.exec(section);
    if (!endpoint?.[1] || endpoint[2] === undefined || response?.[1] === undefined) continue;
    examples.set(`${endpoint[1].toUpperCase()} /v1${endpoint[2]}`, JSON.parse(response[1]) as unknown);
  }
  return examples;
}
