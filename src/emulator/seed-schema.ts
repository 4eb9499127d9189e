// Validates a seed against schemas/emulator-seed.schema.json (strict on user input).
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/** src/emulator and dist/emulator both sit two levels below the package root. */
const SCHEMA_URL = new URL('../../schemas/emulator-seed.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;

/** Problems as `path: message` lines; empty when the seed is valid. */
export function validateSeed(value: unknown): string[] {
  validator ??= new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` '${String((e.params as { additionalProperty?: string }).additionalProperty)}'` : '';
    return `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}${extra}`;
  });
}
