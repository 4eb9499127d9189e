import { describe, expect, it } from 'vitest';
import { batches, configDirFromRepoRoot, findingAnnotations, problemAnnotation } from '../../src/github/annotations.js';
import { plan, problem } from './helpers.js';

describe('configDirFromRepoRoot', () => {
  it('expresses the config folder relative to the repository root', () => {
    expect(configDirFromRepoRoot('policies', '/ws', '/ws')).toBe('policies');
    expect(configDirFromRepoRoot('../policies', '/ws', '/ws/tools')).toBe('policies');
    expect(configDirFromRepoRoot('/ws/infra/openai/', '/ws', '/elsewhere')).toBe('infra/openai');
    expect(configDirFromRepoRoot('.', '/ws', '/ws')).toBe('.');
  });
});

describe('problemAnnotation', () => {
  it('places a problem on its repository path, line and column', () => {
    expect(problemAnnotation(problem({ file: 'teams/ml.yaml', line: 3, column: 7 }), 'policies')).toMatchObject({
      path: 'policies/teams/ml.yaml',
      start_line: 3,
      end_line: 3,
      start_column: 7,
      end_column: 7,
      annotation_level: 'failure',
    });
    expect(problemAnnotation(problem({ file: 'org.yaml' }), '.').path).toBe('org.yaml');
  });

  it('puts folder-level problems on the folder', () => {
    const annotation = problemAnnotation(problem({ file: '.', line: 0, column: 0, code: 'no-manifests' }), 'policies');
    expect(annotation).toEqual({
      path: 'policies',
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure',
      message: problem().message,
      title: 'orgplane: no-manifests',
    });
  });
});

describe('findingAnnotations', () => {
  it('annotates policy findings that have a manifest position', () => {
    const withFindings = {
      ...plan(),
      findings: [
        { rule: 'maxProjectOwners' as const, scope: 'desired' as const, address: 'project["search"]', message: '4 owners, at most 3', source: { file: 'projects/search.yaml', line: 9, column: 3 } },
        { rule: 'apiKeyMaxIdleDays' as const, scope: 'live' as const, address: 'project["search"].api_key["k"]', message: 'idle 120 days' },
      ],
    };
    expect(findingAnnotations(withFindings, 'policies')).toEqual([
      {
        path: 'policies/projects/search.yaml',
        start_line: 9,
        end_line: 9,
        annotation_level: 'warning',
        message: '4 owners, at most 3',
        title: 'orgplane policy: maxProjectOwners',
      },
    ]);
  });
});

describe('batches', () => {
  it('splits into groups of the given size', () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([], 50)).toEqual([]);
  });
});
