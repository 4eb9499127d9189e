// `orgplane validate` through the real command line parser (in process).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/program.js';

// validate is offline: it must never build an Admin API client.
const createAdminClient = vi.hoisted(() => vi.fn());
vi.mock('../../src/api/index.js', async (importOriginal) => ({ ...(await importOriginal<object>()), createAdminClient }));

async function run(...args: string[]): Promise<{ code: number; stdout: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    const code = await runCli(['node', 'orgplane', 'validate', ...args]);
    return { code, stdout: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

const BAD = 'test/manifest/fixtures/bad/unknown-members';

afterEach(() => {
  expect(createAdminClient).not.toHaveBeenCalled();
});

describe('orgplane validate', () => {
  it('exits 0 on the demo policies and says so', async () => {
    const { code, stdout } = await run();
    expect(code).toBe(0);
    expect(stdout).toMatch(/^policies: valid \(\d+ files, 0 warnings\)\n$/);
  });

  it('prints each problem as path:line:col and exits 1', async () => {
    const { code, stdout } = await run('--config', BAD);
    expect(code).toBe(1);
    expect(stdout.trimEnd().split('\n')).toEqual([
      'org.yaml:11:34 error: unknown member "grace@exmaple.com" in group "ml-platform": not declared in the Organization (did you mean "grace@example.com"?)',
      'search.yaml:9:14 error: unknown member "linus@example.com" in project "search": not declared in the Organization',
      `${BAD}: 2 errors, 0 warnings in 2 files`,
    ]);
  });

  it('exits 0 when there are only warnings', async () => {
    const { code, stdout } = await run('--config', 'test/manifest/fixtures/bad/unknown-roles');
    expect(code).toBe(0);
    expect(stdout).toContain('warning: org role "Billing Viewr" is not declared');
    expect(stdout).toMatch(/valid \(2 files, 4 warnings\)\n$/);
  });

  it('--format json gives { valid, errors, warnings, files }', async () => {
    const { code, stdout } = await run('--config', BAD, '--format', 'json');
    expect(code).toBe(1);
    const parsed = JSON.parse(stdout);
    expect(parsed.valid).toBe(false);
    expect(parsed.files).toEqual(['org.yaml', 'search.yaml']);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.errors[1]).toEqual({
      file: 'search.yaml',
      line: 9,
      column: 14,
      message: 'unknown member "linus@example.com" in project "search": not declared in the Organization',
      severity: 'error',
      code: 'unknown-reference',
    });
  });

  it('--format github annotates files by their path from the working directory', async () => {
    const { code, stdout } = await run('--config', `./${BAD}/`, '--format', 'github');
    expect(code).toBe(1);
    expect(stdout.split('\n')[1]).toBe(
      `::error file=${BAD}/search.yaml,line=9,col=14::unknown member "linus@example.com" in project "search": not declared in the Organization`,
    );
  });

  it('rejects an unknown format', async () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { code } = await run('--format', 'xml');
    spy.mockRestore();
    expect(code).toBe(1);
  });
});
