// The example workflows are documentation users copy: check the properties that keep
// the write key away from pull requests.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Workflow {
  on: Record<string, { branches?: string[] } | null>;
  permissions: Record<string, string>;
  concurrency: Record<string, unknown>;
  jobs: Record<string, { environment?: string; steps: { run?: string; env?: Record<string, string> }[] }>;
}

function workflow(name: string): Workflow {
  return parse(readFileSync(new URL(`../../examples/github-actions/${name}`, import.meta.url), 'utf8')) as Workflow;
}

describe('examples/github-actions', () => {
  it('plan.yml runs on pull_request with least permissions and only the read-only key', () => {
    const plan = workflow('plan.yml');
    const text = readFileSync(new URL('../../examples/github-actions/plan.yml', import.meta.url), 'utf8');
    expect(Object.keys(plan.on)).toEqual(['pull_request']);
    expect(plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', checks: 'write' });
    expect(text).not.toContain('pull_request_target');
    expect(text).not.toContain('secrets.OPENAI_ADMIN_KEY }}');
    const steps = plan.jobs.plan!.steps;
    const planStep = steps.find((step) => step.run?.includes('orgplane plan') === true);
    expect(planStep?.run).toContain('--github');
    expect(planStep?.env).toEqual({ OPENAI_ADMIN_KEY: '${{ secrets.OPENAI_ADMIN_KEY_READONLY }}', GITHUB_TOKEN: '${{ github.token }}' });
  });

  it('apply.yml applies from main in a protected environment, never two at once', () => {
    const apply = workflow('apply.yml');
    expect(apply.on.push?.branches).toEqual(['main']);
    expect(apply.concurrency).toEqual({ group: 'orgplane-apply', 'cancel-in-progress': false });
    expect(apply.jobs.apply!.environment).toBe('openai-org');
    const steps = apply.jobs.apply!.steps;
    expect(steps.some((step) => step.run?.includes('orgplane apply --config policies --auto-approve') === true)).toBe(true);
  });
});
