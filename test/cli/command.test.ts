// The options and failure reporting every command shares (src/cli/command.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandRun, problemsOf } from '../../src/cli/command.js';
import { buildProgram } from '../../src/cli/program.js';
import { ManifestError } from '../../src/manifest/index.js';
import { PlanError, problemAt } from '../../src/plan/errors.js';

function stderrOf(run: () => void): string {
  const out: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the options commands share', () => {
  const program = buildProgram(() => undefined);
  const flags = (name: string): string[] => program.commands.find((c) => c.name() === name)!.options.map((o) => o.long ?? '');

  it('every command that calls the Admin API takes the same connection, log and pacing options', () => {
    for (const name of ['plan', 'apply', 'import', 'drift', 'daemon']) {
      expect(flags(name), name).toEqual(expect.arrayContaining(['--admin-key-file', '--base-url', '--log-format', '--max-rpm', '--max-org-rpm', '--rate-window', '--rate-limits-file']));
    }
    // The daemon's cycles wait as long as their rate limits need.
    for (const name of ['plan', 'apply', 'import', 'drift']) expect(flags(name), name).toContain('--timeout');
    expect(flags('daemon')).not.toContain('--timeout');
  });

  it('every command that reads manifests from a folder takes --config, default policies', () => {
    for (const name of ['validate', 'plan', 'apply', 'drift']) {
      const option = program.commands.find((c) => c.name() === name)!.options.find((o) => o.long === '--config');
      expect(option?.defaultValue, name).toBe('policies');
    }
  });
});

describe('CommandRun.fail', () => {
  const manifestError = new ManifestError([{ file: 'org.yaml', line: 4, column: 9, message: 'unknown field "rol"', severity: 'error', code: 'schema' }]);
  const planError = new PlanError([{ ...problemAt({ file: 'groups/a.yaml', line: 13, column: 7 }, 'unknown-role', 'unknown role "Billing Viewr"'), subject: 'Billing Viewr' }]);

  it('prints manifest and plan problems as path:line:col lines and exits 1', () => {
    const run = new CommandRun('json');
    let code = 0;
    expect(stderrOf(() => (code = run.fail(manifestError, 'plan failed')))).toContain('org.yaml:4:9 error: unknown field "rol"');
    expect(code).toBe(1);
    expect(stderrOf(() => (code = run.fail(planError, 'plan failed')))).toContain('groups/a.yaml:13:7 error: unknown role "Billing Viewr"');
    expect(code).toBe(1);
  });

  it('prints any other error once, as error: …, and exits 1', () => {
    const run = new CommandRun('pretty');
    let code = 0;
    const text = stderrOf(() => (code = run.fail(new Error('disk full'), 'import failed')));
    expect(text.match(/error: disk full/g)).toHaveLength(1);
    expect(code).toBe(1);
  });

  it('hands manifest and plan problems on for annotations, nothing for other errors', () => {
    expect(problemsOf(manifestError)).toHaveLength(1);
    expect(problemsOf(planError)).toMatchObject([{ line: 13, column: 7 }]);
    expect(problemsOf(new Error('x'))).toEqual([]);
  });
});
