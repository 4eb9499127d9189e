// Checks a request against the spec's request side (schemas/admin-api-requests.json, generated
// from reference/openapi-admin.yaml): the JSON body against the operation's body schema, the
// query against its parameter list. The emulator answers 400 to a body the spec refuses (an
// unknown field, a value outside an enum, a missing required field); in strict mode it also
// records every violation, query parameters included, for the tests to fail on.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required: boolean;
  schema: JsonObject;
}

interface Operation {
  operationId: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body?: JsonObject;
  bodyRequired?: boolean;
}

interface RequestSchemas {
  operations: Operation[];
  $defs: Record<string, JsonObject>;
}

export interface Violation {
  /** `METHOD /v1/template`. */
  route: string;
  where: 'body' | 'query';
  /** The body field or query parameter at fault, when there is one. */
  param: string | null;
  /** The API's kind of error: `unknown_parameter`, `invalid_value`, `missing_required_parameter`, `invalid_type`. */
  code: string;
  message: string;
}

const SCHEMAS_URL = new URL('../../schemas/admin-api-requests.json', import.meta.url);

/**
 * Objects in request bodies are closed: the API answers 400 "Unrecognized request argument
 * supplied" to a field it does not know, whatever `additionalProperties` the spec leaves out.
 */
function closeObjects(node: Json): Json {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === 'properties' && value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, closeObjects(schema)]))
    : closeObjects(value);
  if (out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

export class RequestChecker {
  private readonly operations = new Map<string, Operation>();
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(schemas: RequestSchemas = JSON.parse(readFileSync(SCHEMAS_URL, 'utf8')) as RequestSchemas) {
    for (const op of schemas.operations) this.operations.set(`${op.method} ${op.path}`, op);
    this.ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
    (addFormatsModule as unknown as (ajv: Ajv2020) => void)(this.ajv);
    this.ajv.addFormat('unixtime', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.ajv.addSchema({ $id: 'requests', $defs: closeObjects(schemas.$defs) });
  }

  /** Every way the request departs from the spec; [] when it follows it (or the spec has no such operation). */
  check(method: string, template: string, query: URLSearchParams, body: unknown): Violation[] {
    const route = `${method} ${template}`;
    const op = this.operations.get(route);
    if (op === undefined) return [];
    return [...this.checkBody(route, op, body), ...this.checkQuery(route, op, query)];
  }

  /** Only the body's violations: what the emulator answers 400 to in any mode. */
  checkBody(route: string, op: Operation | undefined, body: unknown): Violation[] {
    const operation = op ?? this.operations.get(route);
    if (operation === undefined) return [];
    const at = (code: string, param: string | null, message: string): Violation => ({ route, where: 'body', param, code, message });
    if (operation.body === undefined) {
      const empty = body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0);
      return empty ? [] : [at('unknown_parameter', null, `${route} takes no request body.`)];
    }
    if (body === undefined) {
      return operation.bodyRequired === true ? [at('missing_required_parameter', null, 'This request needs a JSON body.')] : [];
    }
    const validate = this.validator(`body ${route}`, operation.body);
    if (validate(body)) return [];
    return leaves(validate.errors).map((e) => describe(e, (code, param, message) => at(code, param, message)));
  }

  private checkQuery(route: string, op: Operation, query: URLSearchParams): Violation[] {
    const at = (code: string, param: string | null, message: string): Violation => ({ route, where: 'query', param, code, message });
    const params = new Map(op.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    const violations: Violation[] = [];
    const seen = new Set<string>();
    const objects = new Map<string, JsonObject>();
    for (const key of new Set(query.keys())) {
      const values = query.getAll(key);
      // `name[]`: an array as the official SDKs send it; the spec names it with or without the brackets.
      if (key.endsWith('[]')) {
        const spec = params.get(key) ?? params.get(key.slice(0, -2));
        if (spec === undefined || spec.schema.type !== 'array') {
          violations.push(at('unknown_parameter', key, `Unrecognized query parameter: '${key}'.`));
          continue;
        }
        seen.add(spec.name);
        violations.push(...this.checkValue(route, spec, values.map((v) => coerce(v, spec.schema.items))));
        continue;
      }
      // `name[key]`: a nested object (audit-log `effective_at[gt]`).
      const nested = /^([^[\]]+)\[([^[\]]+)\]$/.exec(key);
      if (nested?.[1] !== undefined && nested[2] !== undefined) {
        const spec = params.get(nested[1]);
        const property = (spec?.schema.properties as JsonObject | undefined)?.[nested[2]];
        if (spec === undefined || spec.schema.type !== 'object') {
          violations.push(at('unknown_parameter', key, `Unrecognized query parameter: '${key}'.`));
          continue;
        }
        seen.add(spec.name);
        const object = objects.get(spec.name) ?? {};
        object[nested[2]] = coerce(values[values.length - 1] ?? '', property);
        objects.set(spec.name, object);
        continue;
      }
      const spec = params.get(key);
      if (spec === undefined) {
        violations.push(at('unknown_parameter', key, `Unrecognized query parameter: '${key}'.`));
        continue;
      }
      seen.add(spec.name);
      if (spec.schema.type === 'array') {
        violations.push(at('unknown_parameter', key, `'${key}' is an array: the official SDKs send it as '${key}[]=…' (the API ignores '${key}=…').`));
        continue;
      }
      if (values.length > 1) violations.push(at('invalid_type', key, `'${key}' was given ${values.length} times; it takes one value.`));
      violations.push(...this.checkValue(route, spec, coerce(values[0] ?? '', spec.schema)));
    }
    for (const [name, object] of objects) violations.push(...this.checkValue(route, params.get(name)!, object));
    for (const spec of params.values()) {
      if (spec.required && !seen.has(spec.name)) violations.push(at('missing_required_parameter', spec.name, `Missing required query parameter: '${spec.name}'.`));
    }
    return violations;
  }

  private checkValue(route: string, spec: Parameter, value: Json): Violation[] {
    const validate = this.validator(`query ${route} ${spec.name}`, spec.schema);
    if (validate(value)) return [];
    return leaves(validate.errors).map((e) =>
      describe(e, (code, _param, message) => ({ route, where: 'query', param: spec.name, code, message })),
    );
  }

  private validator(key: string, schema: JsonObject): ValidateFunction {
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      const rebased = JSON.parse(JSON.stringify(closeObjects(schema)).replaceAll('"#/$defs/', '"requests#/$defs/')) as object;
      validate = this.ajv.compile(rebased);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

const PRIORITY = ['additionalProperties', 'required', 'enum', 'maxItems', 'minItems', 'type'];

/**
 * One problem per place: an `anyOf` (a value or null) fails in every branch, and only the
 * most telling branch error is the problem (`enum` over "expected null").
 */
function leaves(errors: ErrorObject[] | null | undefined): ErrorObject[] {
  const best = new Map<string, ErrorObject>();
  const rank = (e: ErrorObject) => (PRIORITY.includes(e.keyword) ? PRIORITY.indexOf(e.keyword) : PRIORITY.length);
  for (const error of errors ?? []) {
    if (error.keyword === 'anyOf') continue;
    const key = error.keyword === 'additionalProperties' || error.keyword === 'required'
      ? `${error.instancePath} ${error.keyword} ${JSON.stringify(error.params)}`
      : error.instancePath;
    const known = best.get(key);
    if (known === undefined || rank(error) < rank(known)) best.set(key, error);
  }
  return [...best.values()];
}

function describe(error: ErrorObject, make: (code: string, param: string | null, message: string) => Violation): Violation {
  const path = error.instancePath.split('/').filter((s) => s !== '').join('.');
  const param = path === '' ? null : path;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const full = param === null ? field : `${param}.${field}`;
      return make('unknown_parameter', full, `Unrecognized request argument supplied: ${full}`);
    }
    case 'required': {
      const field = String(params.missingProperty);
      const full = param === null ? field : `${param}.${field}`;
      return make('missing_required_parameter', full, `Missing required parameter: '${full}'.`);
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).filter((v) => v !== null).map((v) => `'${typeof v === 'string' ? v : JSON.stringify(v)}'`);
      return make('invalid_value', param, `Invalid value: ${JSON.stringify(error.data)}. Supported values are: ${allowed.join(', ')}.`);
    }
    case 'type':
      return make('invalid_type', param, `Invalid type for '${param ?? 'body'}': expected ${String(params.type)}, but got ${JSON.stringify(error.data)}.`);
    default:
      return make('invalid_value', param, `Invalid '${param ?? 'body'}': ${error.message ?? 'does not match the spec'}.`);
  }
}

/** A query string value as the type its schema declares (query values arrive as text). */
function coerce(raw: string, schema: Json | undefined): Json {
  const type = schema !== null && typeof schema === 'object' && !Array.isArray(schema) ? schema.type : undefined;
  if ((type === 'integer' || type === 'number') && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}
