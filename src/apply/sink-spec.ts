// `--secrets-sink file:DIR | exec:COMMAND` (and `--secrets-dir DIR`, `ORGPLANE_SECRETS_SINK`)
// turned into a SecretsSink. A flag beats the environment, which beats the default.
import { OrgplaneError } from '../errors.js';
import { ExecSecretsSink, type ExecSinkOptions } from './exec-sink.js';
import { DEFAULT_SECRETS_DIR, FileSecretsSink } from './secrets-sink.js';
import type { SecretsSink } from './types.js';

export const SECRETS_SINK_ENV = 'ORGPLANE_SECRETS_SINK';
export const DEFAULT_SECRETS_SINK = `file:${DEFAULT_SECRETS_DIR}`;

/** A `--secrets-sink` value that is neither `file:DIR` nor `exec:COMMAND`. */
export class SecretsSinkSpecError extends OrgplaneError {}

/** Parses one sink spec; `from` names where it came from, for the error. */
export function secretsSinkFrom(spec: string, from: string, options: ExecSinkOptions = {}): SecretsSink {
  const colon = spec.indexOf(':');
  const scheme = colon < 0 ? '' : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  if (scheme === 'file' && rest.trim() !== '') return new FileSecretsSink(rest);
  if (scheme === 'exec' && rest.trim() !== '') return new ExecSecretsSink(rest, options);
  // Only the scheme is quoted back: the rest of an exec: spec may hold a token.
  const got = scheme === '' ? 'no file: or exec: prefix' : `"${scheme}:…"${rest.trim() === '' ? ' with nothing after the colon' : ''}`;
  throw new SecretsSinkSpecError(`${from} takes file:DIR or exec:COMMAND (got ${got}), e.g. --secrets-sink file:${DEFAULT_SECRETS_DIR}`);
}

export interface SinkChoice {
  /** `--secrets-sink`. */
  sink?: string | undefined;
  /** `--secrets-dir`, the older spelling of `--secrets-sink file:DIR`. */
  dir?: string | undefined;
  env: NodeJS.ProcessEnv;
}

/** The sink an apply uses: `--secrets-sink`, else `--secrets-dir`, else ORGPLANE_SECRETS_SINK, else the folder. */
export function chooseSecretsSink(choice: SinkChoice): SecretsSink {
  if (choice.sink !== undefined && choice.dir !== undefined) {
    throw new SecretsSinkSpecError('give --secrets-sink or --secrets-dir, not both (--secrets-dir DIR is --secrets-sink file:DIR)');
  }
  const options: ExecSinkOptions = { env: choice.env };
  if (choice.sink !== undefined) return secretsSinkFrom(choice.sink, '--secrets-sink', options);
  if (choice.dir !== undefined) return new FileSecretsSink(choice.dir);
  const fromEnv = choice.env[SECRETS_SINK_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return secretsSinkFrom(fromEnv, SECRETS_SINK_ENV, options);
  return new FileSecretsSink(DEFAULT_SECRETS_DIR);
}
