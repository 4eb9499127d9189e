// The snapshot as JSON: checked against schemas/snapshot.schema.json on the way in, so a
// truncated or hand-edited file is refused with the reason (and the refresh reads in full).
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { SNAPSHOT_FORMAT_VERSION, type SnapshotDocument } from './types.js';

/** Relative to this module in src/snapshot and in dist/snapshot alike. */
export const SNAPSHOT_SCHEMA_URL = new URL('../../schemas/snapshot.schema.json', import.meta.url);

// ajv-formats is CommonJS; depending on interop the plugin is the module or its default.
type FormatsPlugin = (ajv: Ajv2020, formats: string[]) => Ajv2020;
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ?? formatsModule) as unknown as FormatsPlugin;

let compiled: ValidateFunction | undefined;

export function snapshotValidator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv, ['date-time']);
    compiled = ajv.compile(JSON.parse(readFileSync(SNAPSHOT_SCHEMA_URL, 'utf8')) as Record<string, unknown>);
  }
  return compiled;
}

export function serializeSnapshot(snapshot: SnapshotDocument): string {
  return `${JSON.stringify(snapshot)}\n`;
}

/** The document, or the reason it cannot be used (never its content: it holds emails). */
export function parseSnapshot(text: string): { snapshot: SnapshotDocument } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/,? *".*$/s, '') : 'unreadable';
    return { problem: `it is not JSON (truncated or corrupt: ${reason})` };
  }
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof value === 'object' && value !== null && version !== SNAPSHOT_FORMAT_VERSION) {
    return { problem: `it has format version ${JSON.stringify(version ?? null)}; this orgplane reads version ${SNAPSHOT_FORMAT_VERSION}` };
  }
  const validate = snapshotValidator();
  if (!validate(value)) {
    const first = validate.errors?.[0];
    const where = first === undefined || first.instancePath === '' ? 'the document' : first.instancePath;
    return { problem: `it does not match schemas/snapshot.schema.json (${where} ${first?.message ?? 'is invalid'})` };
  }
  return { snapshot: value as SnapshotDocument };
}
