import nock from 'nock';
import { afterEach, expect } from 'vitest';
import { takeSpecViolations } from './support/emulator.js';

// Tests never reach the network: only loopback (the emulator) is allowed.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);

// Every request orgplane's client sent to a test emulator during the test must follow the
// spec's request schema and parameter list (the emulators run strict; see support/emulator.ts).
afterEach(() => {
  expect(takeSpecViolations(), 'requests orgplane sent that reference/openapi-admin.yaml refuses').toEqual([]);
});
