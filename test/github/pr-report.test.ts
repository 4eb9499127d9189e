import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMENT_MAX_LENGTH } from '../../src/github/markdown.js';
import { publishPlanReport, reportVerdict } from '../../src/github/pr-report.js';
import { API, change, comment, expectAllMocksUsed, plan, problem, REPO, SHA, testClient } from './helpers.js';

const COMMENTS = '/repos/acme/org-config/issues/7/comments';
const CHECK_RUNS = '/repos/acme/org-config/check-runs';

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  details_url?: string;
  output: { title: string; summary: string; annotations?: Record<string, unknown>[] };
}

interface Captured {
  comment?: { body: string };
  checkRuns: CheckRunBody[];
}

function checkRunMocks(scope: nock.Scope, captured: Captured, extraUpdates = 0): nock.Scope {
  scope
    .post(CHECK_RUNS, (body: CheckRunBody) => {
      captured.checkRuns.push(body);
      return true;
    })
    .reply(201, { id: 99, html_url: 'https://github.com/acme/org-config/runs/99' });
  for (let index = 0; index < extraUpdates; index += 1) {
    scope
      .patch(`${CHECK_RUNS}/99`, (body: CheckRunBody) => {
        captured.checkRuns.push(body);
        return true;
      })
      .reply(200, { id: 99 });
  }
  return scope;
}

const base = { repo: REPO, pr: 7, sha: SHA, configDir: 'policies', repoRoot: '/ws', cwd: '/ws' };

afterEach(() => {
  expectAllMocksUsed();
});

describe('publishPlanReport', () => {
  it('creates the comment on the first run and a passing check run on the head commit', async () => {
    const captured: Captured = { checkRuns: [] };
    const scope = nock(API)
      .get(COMMENTS)
      .query({ per_page: '100' })
      .reply(200, [comment(1, 'LGTM'), comment(2, 'Please review')])
      .post(COMMENTS, (body) => {
        captured.comment = body;
        return true;
      })
      .reply(201, comment(3, 'ignored'));
    checkRunMocks(scope, captured);

    const result = await publishPlanReport({
      ...base,
      octokit: testClient(),
      markdown: '**1 to invite.**\n\n| address | action |\n| --- | --- |\n| org.member["ada@example.com"] | invite |',
      plan: plan([change()]),
    });

    expect(result).toEqual({
      commentUrl: 'https://github.com/acme/org-config/pull/7#issuecomment-3',
      commentAction: 'created',
      checkRunUrl: 'https://github.com/acme/org-config/runs/99',
      conclusion: 'success',
    });
    expect(captured.comment?.body.startsWith('<!-- orgplane:plan -->\n')).toBe(true);
    expect(captured.comment?.body).toContain('| org.member["ada@example.com"] | invite |');
    expect(captured.comment?.body).not.toContain('⚠️');
    expect(captured.checkRuns[0]).toMatchObject({
      name: 'orgplane plan',
      head_sha: SHA,
      status: 'completed',
      conclusion: 'success',
      details_url: result.commentUrl,
      output: { title: '1 change' },
    });
    expect(captured.checkRuns[0]!.output.summary).toContain('| org.member["ada@example.com"] | invite |');
    expect(captured.checkRuns[0]!.output.annotations).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('updates the same comment on a later run, finding its marker on page 2', async () => {
    const captured: Captured = { checkRuns: [] };
    const others = Array.from({ length: 100 }, (_, index) => comment(100 + index, `comment ${index}`));
    // A reply quoting the plan is not the plan comment.
    others[5] = comment(105, '> <!-- orgplane:plan -->\n> quoted');
    const scope = nock(API)
      .get(COMMENTS)
      .query({ per_page: '100' })
      .reply(200, others, { link: `<${API}${COMMENTS}?per_page=100&page=2>; rel="next", <${API}${COMMENTS}?per_page=100&page=2>; rel="last"` })
      .get(COMMENTS)
      .query({ per_page: '100', page: '2' })
      .reply(200, [comment(250, 'another'), comment(251, '<!-- orgplane:plan -->\nold plan')])
      .patch('/repos/acme/org-config/issues/comments/251', (body) => {
        captured.comment = body;
        return true;
      })
      .reply(200, comment(251, 'ignored'));
    checkRunMocks(scope, captured);

    const result = await publishPlanReport({ ...base, octokit: testClient(), markdown: 'No changes.', plan: plan() });

    expect(result.commentAction).toBe('updated');
    expect(result.commentUrl).toBe('https://github.com/acme/org-config/pull/7#issuecomment-251');
    expect(captured.comment?.body).toContain('No changes.');
    expect(result.conclusion).toBe('success');
    expect(captured.checkRuns[0]!.output.title).toBe('No changes');
    expect(scope.isDone()).toBe(true);
  });

  it('leaves an identical comment alone', async () => {
    const captured: Captured = { checkRuns: [] };
    const first = nock(API).get(COMMENTS).query(true).reply(200, []).post(COMMENTS, (body) => {
      captured.comment = body;
      return true;
    }).reply(201, comment(3, ''));
    checkRunMocks(first, captured);
    await publishPlanReport({ ...base, octokit: testClient(), markdown: 'No changes.', plan: plan() });
    expect(first.isDone()).toBe(true);

    const second = nock(API).get(COMMENTS).query(true).reply(200, [comment(3, captured.comment!.body)]);
    checkRunMocks(second, captured);
    const result = await publishPlanReport({ ...base, octokit: testClient(), markdown: 'No changes.', plan: plan() });
    expect(result.commentAction).toBe('unchanged');
    expect(second.isDone()).toBe(true);
  });

  it('truncates a plan over GitHub size limits with a note', async () => {
    const captured: Captured = { checkRuns: [] };
    const scope = nock(API).get(COMMENTS).query(true).reply(200, []).post(COMMENTS, (body) => {
      captured.comment = body;
      return true;
    }).reply(201, comment(3, ''));
    checkRunMocks(scope, captured);
    const row = '| project["search"].member["someone@example.com"] | delete |\n';
    const markdown = `LAST-ROW-MARKER\n${row.repeat(2000)}`; // ~122k characters

    await publishPlanReport({ ...base, octokit: testClient(), markdown, plan: plan([change()]) });

    const body = captured.comment!.body;
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
    expect(body.length).toBeGreaterThan(60_000);
    expect(body).toMatch(/The plan was truncated here: \d+ characters did not fit/);
    // Cut at a line end: the last table row before the note is whole.
    const beforeNote = body.slice(0, body.indexOf('\n\n> [!NOTE]'));
    expect(beforeNote.endsWith('| delete |')).toBe(true);
    const summary: string = captured.checkRuns[0]!.output.summary;
    expect(summary.length).toBeLessThanOrEqual(65_535);
    expect(summary).toContain('The plan was truncated here');
  });

  it('marks destructive changes for the reviewer with a warning line at the top', async () => {
    const captured: Captured = { checkRuns: [] };
    const scope = nock(API).get(COMMENTS).query(true).reply(200, []).post(COMMENTS, (body) => {
      captured.comment = body;
      return true;
    }).reply(201, comment(3, ''));
    checkRunMocks(scope, captured);

    const result = await publishPlanReport({
      ...base,
      octokit: testClient(),
      markdown: 'the plan',
      plan: plan([change(), change({ address: 'org.member["bob@example.com"]', action: 'delete', destructive: true })]),
      destructiveConclusion: 'action_required',
    });

    const lines = captured.comment!.body.split('\n').filter((line) => line !== '');
    expect(lines[0]).toBe('<!-- orgplane:plan -->');
    expect(lines[2]).toContain('⚠️ **This plan has 1 destructive change**');
    expect(result.conclusion).toBe('action_required');
    expect(captured.checkRuns[0]).toMatchObject({ conclusion: 'action_required', output: { title: '2 changes, 1 destructive' } });
  });

  it('fails the check on validation errors with annotations at repository-relative paths', async () => {
    const captured: Captured = { checkRuns: [] };
    const scope = nock(API).get(COMMENTS).query(true).reply(200, []).post(COMMENTS, (body) => {
      captured.comment = body;
      return true;
    }).reply(201, comment(3, ''));
    checkRunMocks(scope, captured);

    const result = await publishPlanReport({
      ...base,
      configDir: '/ws/infra/openai',
      markdown: '',
      octokit: testClient(),
      problems: [
        problem({ file: 'teams/ml.yaml', line: 12, column: 5 }),
        problem({ file: 'org.yaml', line: 0, column: 0, severity: 'warning', code: 'duplicate', message: 'whole file' }),
      ],
    });

    expect(result.conclusion).toBe('failure');
    // A config folder other than `policies` gets its own comment and check name.
    expect(captured.comment!.body.startsWith('<!-- orgplane:plan:infra/openai -->\n')).toBe(true);
    expect(captured.comment!.body).toContain('`infra/openai/teams/ml.yaml:12:5` error: unknown group "ml-platfrom"');
    expect(captured.comment!.body).toContain('❌ **1 validation error**');
    expect(captured.checkRuns[0]).toMatchObject({ name: 'orgplane plan (infra/openai)', conclusion: 'failure', output: { title: '1 validation error' } });
    expect(captured.checkRuns[0]!.output.annotations).toEqual([
      {
        path: 'infra/openai/teams/ml.yaml',
        start_line: 12,
        end_line: 12,
        start_column: 5,
        end_column: 5,
        annotation_level: 'failure',
        message: 'unknown group "ml-platfrom" (did you mean "ml-platform"?)',
        title: 'orgplane: unknown-reference',
      },
      {
        path: 'infra/openai/org.yaml',
        start_line: 1,
        end_line: 1,
        annotation_level: 'warning',
        message: 'whole file',
        title: 'orgplane: duplicate',
      },
    ]);
  });

  it('sends more than 50 annotations in batches of 50', async () => {
    const captured: Captured = { checkRuns: [] };
    const scope = nock(API).get(COMMENTS).query(true).reply(200, []).post(COMMENTS).reply(201, comment(3, ''));
    checkRunMocks(scope, captured, 2);
    const problems = Array.from({ length: 120 }, (_, index) => problem({ line: index + 1, message: `problem ${index + 1}` }));

    await publishPlanReport({ ...base, octokit: testClient(), markdown: '', problems });

    expect(captured.checkRuns.map((body) => body.output.annotations?.length)).toEqual([50, 50, 20]);
    expect(captured.checkRuns[0]!.conclusion).toBe('failure');
    // Updates only append annotations; title and summary are required each time.
    expect(captured.checkRuns[1]!.conclusion).toBeUndefined();
    expect(captured.checkRuns[2]!.output.title).toBe('120 validation errors');
    expect(captured.checkRuns[2]!.output.annotations?.at(-1)).toMatchObject({ path: 'policies/org.yaml', start_line: 120, message: 'problem 120' });
    expect(scope.isDone()).toBe(true);
  });

  it('talks to a GitHub Enterprise API root and reads the head commit when no sha is given', async () => {
    const captured: Captured = { checkRuns: [] };
    const scope = nock('https://ghe.example.com')
      .get('/api/v3/repos/acme/org-config/issues/7/comments')
      .query(true)
      .reply(200, [])
      .post('/api/v3/repos/acme/org-config/issues/7/comments')
      .reply(201, { id: 3, body: '', html_url: 'https://ghe.example.com/acme/org-config/pull/7#issuecomment-3' })
      .get('/api/v3/repos/acme/org-config/pulls/7')
      .reply(200, { number: 7, head: { sha: SHA } })
      .post('/api/v3/repos/acme/org-config/check-runs', (body: CheckRunBody) => {
        captured.checkRuns.push(body);
        return true;
      })
      .reply(201, { id: 5, html_url: 'https://ghe.example.com/acme/org-config/runs/5' });
    const { sha: _sha, ...withoutSha } = base;

    const result = await publishPlanReport({
      ...withoutSha,
      octokit: testClient('https://ghe.example.com/api/v3/'),
      markdown: 'No changes.',
      plan: plan(),
    });

    expect(result.checkRunUrl).toBe('https://ghe.example.com/acme/org-config/runs/5');
    expect(captured.checkRuns[0]!.head_sha).toBe(SHA);
    expect(scope.isDone()).toBe(true);
  });

  it('keeps the comment when the token may not create check runs', async () => {
    const scope = nock(API)
      .get(COMMENTS)
      .query(true)
      .reply(200, [])
      .post(COMMENTS)
      .reply(201, comment(3, ''))
      .post(CHECK_RUNS)
      .reply(403, { message: 'Resource not accessible by integration' });

    const result = await publishPlanReport({ ...base, octokit: testClient(), markdown: 'No changes.', plan: plan() });

    expect(result.commentUrl).toContain('issuecomment-3');
    expect(result.checkRunUrl).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});

describe('reportVerdict', () => {
  it('fails on errors, marks destructive plans, passes plans without changes', () => {
    expect(reportVerdict(plan(), [problem()]).conclusion).toBe('failure');
    expect(reportVerdict(plan(), [problem({ severity: 'warning' })]).conclusion).toBe('success');
    expect(reportVerdict(plan([change({ destructive: true })]), []).conclusion).toBe('neutral');
    expect(reportVerdict(plan([change()]), []).conclusion).toBe('success');
    expect(reportVerdict(plan(), []).title).toBe('No changes');
  });
});
