// The saved plan (`plan --out`, `apply --plan`): JSON checked against schemas/plan.schema.json.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { PlanFormatError } from './errors.js';
import { PLAN_FORMAT_VERSION, type Plan } from './types.js';

/** Relative to this module in src/plan and in dist/plan alike. */
export const PLAN_SCHEMA_URL = new URL('../../schemas/plan.schema.json', import.meta.url);

// ajv-formats is CommonJS; depending on interop the plugin is the module or its default.
type FormatsPlugin = (ajv: Ajv2020, formats: string[]) => Ajv2020;
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ?? formatsModule) as unknown as FormatsPlugin;

let compiled: ValidateFunction | undefined;

export function planValidator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv, ['date-time']);
    compiled = ajv.compile(JSON.parse(readFileSync(PLAN_SCHEMA_URL, 'utf8')) as Record<string, unknown>);
  }
  return compiled;
}

export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** @throws PlanFormatError naming what is wrong (not JSON, other version, schema path). */
export function parsePlan(json: string): Plan {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    // V8 quotes the start of the text ("sk-admin-C"... is not valid JSON): if the wrong file
    // was passed (a key file), none of it is echoed.
    const reason = error instanceof Error ? error.message.replace(/,? *".*$/s, '') : 'unreadable';
    throw new PlanFormatError(`the plan file is not JSON: ${reason}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PlanFormatError('the plan file does not hold a plan object');
  }
  const version = (value as { formatVersion?: unknown }).formatVersion;
  if (version !== PLAN_FORMAT_VERSION) {
    throw new PlanFormatError(
      `the plan has formatVersion ${JSON.stringify(version ?? null)}, this orgplane reads ${PLAN_FORMAT_VERSION}; run plan again with this version`,
    );
  }
  const validate = planValidator();
  if (!validate(value)) {
    const details = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath === '' ? '(root)' : e.instancePath} ${e.message ?? 'is invalid'}`)
      .join('; ');
    throw new PlanFormatError(`the plan file does not match schemas/plan.schema.json: ${details}`);
  }
  return value as Plan;
}
