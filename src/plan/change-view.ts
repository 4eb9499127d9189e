// A change as code that does not know its kind reads it (renderers, guards over people,
// alerts): every target member and field optional, read by name. Code that knows the kind
// narrows on `change.kind` instead and gets exact types.
import type { Change, ChangeTarget } from './types.js';

export function looseTarget(change: Pick<Change, 'target'>): ChangeTarget {
  return change.target;
}

/** `before` or `after` by field name; `{}` when absent. */
export function looseFields(values: object | undefined): Readonly<Record<string, unknown>> {
  return (values ?? {}) as Readonly<Record<string, unknown>>;
}
