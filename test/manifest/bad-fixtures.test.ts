// Every folder under fixtures/bad/ is one broken configuration; its expected.txt holds the
// exact problems (`path:line:col severity: message`, errors then warnings) a user must see.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadManifests } from '../../src/manifest/index.js';

const BAD = new URL('./fixtures/bad/', import.meta.url);
const cases = readdirSync(BAD, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('broken manifests', () => {
  it('has a corpus to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s: reports exactly the expected problems', async (name) => {
    const folder = new URL(`${name}/`, BAD);
    const expected = readFileSync(new URL('expected.txt', folder), 'utf8').trimEnd().split('\n');
    const result = await loadManifests(folder.pathname);
    expect([...result.errors, ...result.warnings].map(formatProblem)).toEqual(expected);
    // Only a configuration without errors yields a desired state.
    expect(result.desired === undefined).toBe(result.errors.length > 0);
  });
});
