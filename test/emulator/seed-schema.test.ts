import { describe, expect, it } from 'vitest';
import { demoSeed, validateSeed } from '../../src/emulator/index.js';
import { startTestEmulator } from '../support/emulator.js';

describe('schemas/emulator-seed.schema.json', () => {
  it('accepts the demo seed and a full dump', async () => {
    expect(validateSeed(demoSeed(1_700_000_000, 'sk-admin-demo'))).toEqual([]);
    const emu = await startTestEmulator();
    try {
      await emu.api('POST', '/organization/projects', { name: 'x' });
      expect(validateSeed(await emu.dump())).toEqual([]);
    } finally {
      await emu.stop();
    }
  });

  it('rejects unknown fields with their path', () => {
    expect(validateSeed({ users: [{ email: 'a@x.test', rol: 'owner' }] })).toEqual(["/users/0: must NOT have additional properties 'rol'"]);
  });

  it('rejects a wrong org role, and a user with neither email nor id', () => {
    expect(validateSeed({ users: [{ email: 'a@x.test', role: 'admin' }] })).toEqual(['/users/0/role: must be equal to one of the allowed values']);
    expect(validateSeed({ users: [{ name: 'nobody' }] })).toEqual([
      "/users/0: must have required property 'email'",
      "/users/0: must have required property 'id'",
      '/users/0: must match a schema in anyOf',
    ]);
  });

  it('accepts a user without an email (the spec does not require one) when it has an id', () => {
    expect(validateSeed({ users: [{ id: 'user-noemail', name: 'No Email' }] })).toEqual([]);
  });
});
