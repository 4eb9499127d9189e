import { describe, expect, it } from 'vitest';
import { formatProblem, ManifestError, toGitHubAnnotation, type Problem } from '../../src/manifest/index.js';
import { OrgplaneError } from '../../src/errors.js';
import { closest, editDistance } from '../../src/manifest/suggest.js';

const problem: Problem = {
  file: 'projects/search.yaml',
  line: 7,
  column: 13,
  message: 'unknown group "ml-platfrom" (did you mean "ml-platform"?)',
  severity: 'error',
  code: 'unknown-reference',
};

describe('formatProblem', () => {
  it('prints path:line:col severity: message', () => {
    expect(formatProblem(problem)).toBe('projects/search.yaml:7:13 error: unknown group "ml-platfrom" (did you mean "ml-platform"?)');
    expect(formatProblem({ ...problem, severity: 'warning' })).toMatch(/^projects\/search\.yaml:7:13 warning: /);
  });

  it('omits line and column for a problem about the config folder itself', () => {
    expect(formatProblem({ ...problem, file: '.', line: 0, column: 0, message: 'no Organization document' })).toBe('error: no Organization document');
  });
});

describe('toGitHubAnnotation', () => {
  it('names the file relative to the repository and escapes the message', () => {
    expect(toGitHubAnnotation({ ...problem, message: 'line one\nline two: 100%' }, 'policies')).toBe(
      '::error file=policies/projects/search.yaml,line=7,col=13::line one%0Aline two: 100%25',
    );
  });

  it('escapes commas and colons in the file property', () => {
    expect(toGitHubAnnotation({ ...problem, file: 'a,b:c.yaml', severity: 'warning' }, '.')).toBe('::warning file=a%2Cb%3Ac.yaml,line=7,col=13::' + problem.message);
  });

  it('points a problem about the folder at the folder, without line and column', () => {
    expect(toGitHubAnnotation({ ...problem, file: '.', line: 0, column: 0 }, 'config/org/')).toBe(`::error file=config/org::${problem.message}`);
    expect(toGitHubAnnotation(problem, 'config/org/')).toBe(`::error file=config/org/projects/search.yaml,line=7,col=13::${problem.message}`);
  });
});

describe('suggestions', () => {
  it('measures edit distance', () => {
    expect(editDistance('ml-platfrom', 'ml-platform')).toBe(1); // a swap is one edit
    expect(editDistance('memebrs', 'members')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests a close name and nothing for a different one', () => {
    expect(closest('memebrs', ['members', 'groups', 'roles'])).toBe('members');
    expect(closest('roels', ['members', 'roles'])).toBe('roles');
    expect(closest('search', ['billing', 'support'])).toBeUndefined();
  });

  it('does not suggest another person for an email that only shares the domain', () => {
    expect(closest('zed@example.com', ['ada@example.com'])).toBeUndefined();
    expect(closest('grace@exmaple.com', ['ada@example.com', 'grace@example.com'])).toBe('grace@example.com');
  });
});

describe('ManifestError', () => {
  it('carries the problems and names the first one with its position', () => {
    const second: Problem = { ...problem, file: 'org.yaml', line: 3, column: 1, message: 'x' };
    const error = new ManifestError([problem, second]);
    expect(error).toBeInstanceOf(OrgplaneError);
    expect(error.name).toBe('ManifestError');
    expect(error.message).toBe(`${formatProblem(problem)} (and 1 more)`);
    expect([error.file, error.line, error.column]).toEqual(['projects/search.yaml', 7, 13]);
    expect(error.problems).toEqual([problem, second]);
  });
});
