// A stage reference ("this kind's diff is done by src/plan/diff-org.ts diffMembers") is
// documentation a contributor follows; it must name a file and a function that exist.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isStageReference, KINDS } from '../../src/kinds/index.js';

/** `src/a.ts fnA (words), src/b.ts fnB` → [['src/a.ts', 'fnA'], ['src/b.ts', 'fnB']]. */
function referencedFunctions(by: string): [string, string][] {
  const pairs: [string, string][] = [];
  // `audit.map` names a hook of the descriptor that file exports: its first part is checked.
  for (const match of by.matchAll(/(src\/[\w./-]+\.ts)\s+(\w+)/g)) pairs.push([match[1]!, match[2]!]);
  return pairs;
}

function hooksOf(descriptor: object): object[] {
  const hooks: object[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    hooks.push(value);
    for (const inner of Object.values(value)) visit(inner);
  };
  for (const value of Object.values(descriptor)) visit(value);
  return hooks;
}

describe('stage references', () => {
  const references = KINDS.flatMap((d) =>
    hooksOf(d)
      .filter(isStageReference)
      .map((hook) => ({ kind: d.kind, by: hook.by })),
  );

  it('are found on the kinds that predate the descriptors', () => {
    expect(references.length).toBeGreaterThan(10);
  });

  it.each(references)('$kind: "$by" names files and functions that exist', ({ by }) => {
    const pairs = referencedFunctions(by);
    expect(pairs.length, by).toBeGreaterThan(0);
    for (const [file, name] of pairs) {
      expect(existsSync(file), file).toBe(true);
      const source = readFileSync(file, 'utf8');
      expect(source, `${file} declares ${name}`).toMatch(new RegExp(`(function|const|class|let)\\s+${name}\\b|^\\s+(private\\s+|async\\s+)*${name}\\(|^\\s+${name}:`, 'm'));
    }
  });
});
