import { describe, expect, it } from 'vitest';
import { planMarker, truncateText, truncationNote } from '../../src/github/markdown.js';

describe('truncateText', () => {
  it('leaves text within the limit alone', () => {
    expect(truncateText('short', 10, truncationNote)).toBe('short');
  });

  it('never exceeds the limit and never splits a surrogate pair', () => {
    const text = '😀'.repeat(1000); // 2000 UTF-16 units, no line ends
    const note = (omitted: number) => `[${omitted} cut]`;
    for (const limit of [50, 51, 52, 53, 500]) {
      const result = truncateText(text, limit, note);
      expect(result.length).toBeLessThanOrEqual(limit);
      expect(result).toMatch(/^(😀)+\n\n\[\d+ cut\]$/u);
    }
  });

  it('counts what it omitted', () => {
    const result = truncateText(`${'a'.repeat(80)}\n${'b'.repeat(80)}`, 100, (omitted) => `cut ${omitted}`);
    expect(result).toBe(`${'a'.repeat(80)}\n\ncut 81`);
  });
});

describe('planMarker', () => {
  it('uses the bare marker for the default config folder and names any other one', () => {
    expect(planMarker('policies')).toBe('<!-- orgplane:plan -->');
    expect(planMarker('teams/openai')).toBe('<!-- orgplane:plan:teams/openai -->');
  });
});
