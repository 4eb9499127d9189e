// The example workflows are documentation users copy: check the properties that keep
// the write key away from pull requests.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Workflow {
  on: Record<string, { branches?: string[] } | null>;
  permissions: Record<string, string>;
  concurrency: Record<string, unknown>;
  jobs: Record<string, { environment?: string; steps: { uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown> }[] }>;
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
    expect(planStep?.env).toEqual({
      OPENAI_ADMIN_KEY: '${{ secrets.OPENAI_ADMIN_KEY_READONLY }}',
      GITHUB_TOKEN: '${{ github.token }}',
      // The daemon's snapshot (docs/snapshot.md): a URL and its read token, never a write key.
      ORGPLANE_STATE: '${{ vars.ORGPLANE_SNAPSHOT_URL }}',
      ORGPLANE_SNAPSHOT_TOKEN: '${{ secrets.ORGPLANE_SNAPSHOT_TOKEN }}',
    });
  });

  it('apply.yml applies the reviewed plan from main in a protected environment, never two at once', () => {
    const apply = workflow('apply.yml');
    expect(apply.on.push?.branches).toEqual(['main']);
    expect(apply.concurrency).toEqual({ group: 'orgplane-apply', 'cancel-in-progress': false });
    expect(apply.jobs.apply!.environment).toBe('openai-org');
    const steps = apply.jobs.apply!.steps;
    const run = steps.map((step) => step.run ?? '').join('\n');
    // The plan saved by plan.yml for the merged pull request's head commit, not a fresh one...
    expect(run).toContain('--name "orgplane-plan-$head"');
    expect(run).toContain('orgplane apply --config policies --plan');
    expect(run).not.toContain('--auto-approve');
    // ...only if the merge commit holds the manifests that plan was made from.
    expect(run).toContain('git diff --quiet "$HEAD_SHA" "$GITHUB_SHA" -- policies/');
    // New keys go to a secret store through the exec sink, never onto the runner's disk.
    expect(run).toContain(`--secrets-sink 'exec:jq -r .key | gh secret set "$ORGPLANE_SECRET_NAME"`);
    const plan = workflow('plan.yml');
    const keep = plan.jobs.plan!.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@') === true);
    expect(keep?.with).toMatchObject({ name: 'orgplane-plan-${{ github.event.pull_request.head.sha }}', path: 'plan.json' });
    expect(plan.jobs.plan!.steps.find((step) => step.run?.includes('orgplane plan') === true)?.run).toContain('--out plan.json');
  });

  it('pins every action to a full commit SHA', () => {
    for (const name of ['plan.yml', 'apply.yml']) {
      for (const job of Object.values(workflow(name).jobs)) {
        for (const step of job.steps) if (step.uses !== undefined) expect(step.uses, `${name}: ${step.uses}`).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      }
    }
  });
});
