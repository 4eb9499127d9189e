// Lets SIGTERM stop an apply between changes: once closed, the gate refuses every new
// write through the AdminApi (reads still pass), so the change in flight finishes and
// the executor records the rest as failed without touching the organization.
import type { AdminApi } from '../api/admin-api.js';
import { OrgplaneError } from '../errors.js';

export class ShuttingDownError extends OrgplaneError {
  constructor() {
    super('orgplane is shutting down: change not started');
  }
}

const READS = /^(list|get|requestStats)/;

export interface ApiGate {
  api: AdminApi;
  close(): void;
  readonly closed: boolean;
}

export function gateApi(inner: AdminApi): ApiGate {
  let closed = false;
  const api = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (READS.test(prop)) return fn.bind(target);
      return (...args: unknown[]) => (closed ? Promise.reject(new ShuttingDownError()) : fn.apply(target, args));
    },
  });
  return {
    api,
    close: () => {
      closed = true;
    },
    get closed() {
      return closed;
    },
  };
}
