import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { closeResolvedDriftIssue, upsertDriftIssue } from '../../src/github/drift-issues.js';
import { API, expectAllMocksUsed, REPO, testClient } from './helpers.js';

const ISSUES = '/repos/acme/org-config/issues';
const KEY = 'project["search"].member["eve@example.com"]';
const MARKER = `<!-- orgplane:drift:${KEY} -->`;

function issue(number: number, body: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    number,
    title: `drift ${number}`,
    body,
    html_url: `https://github.com/acme/org-config/issues/${number}`,
    labels: [{ name: 'orgplane-drift' }],
    ...extra,
  };
}

afterEach(() => {
  expectAllMocksUsed();
});

describe('upsertDriftIssue', () => {
  it('creates an issue with the marker and the drift label when none is open', async () => {
    let created: { title: string; body: string; labels: string[] } | undefined;
    const scope = nock(API)
      .get(ISSUES)
      .query({ state: 'open', labels: 'orgplane-drift', per_page: '100' })
      .reply(200, [issue(1, '<!-- orgplane:drift:other -->\nother drift')])
      .post(ISSUES, (body) => {
        created = body;
        return true;
      })
      .reply(201, issue(12, ''));

    const result = await upsertDriftIssue({
      octokit: testClient(),
      repo: REPO,
      key: KEY,
      title: 'Drift: eve@example.com added to project search outside orgplane',
      body: 'Added by dashboard user mallory@example.com.',
      labels: ['security'],
    });

    expect(result).toEqual({ action: 'created', number: 12, url: 'https://github.com/acme/org-config/issues/12' });
    expect(created).toEqual({
      title: 'Drift: eve@example.com added to project search outside orgplane',
      body: `${MARKER}\nAdded by dashboard user mallory@example.com.`,
      labels: ['orgplane-drift', 'security'],
    });
    expect(scope.isDone()).toBe(true);
  });

  it('updates the open issue for the same key (found on page 2, pull requests ignored) instead of opening another', async () => {
    let updated: { title: string; body: string; labels: string[] } | undefined;
    const page1 = Array.from({ length: 100 }, (_, index) => issue(100 + index, `<!-- orgplane:drift:k${index} -->`));
    page1[3] = issue(103, `${MARKER}\nthis is a pull request`, { pull_request: { url: 'x' } });
    const scope = nock(API)
      .get(ISSUES)
      .query(true)
      .reply(200, page1, { link: `<${API}${ISSUES}?state=open&labels=orgplane-drift&per_page=100&page=2>; rel="next"` })
      .get(ISSUES)
      .query({ state: 'open', labels: 'orgplane-drift', per_page: '100', page: '2' })
      .reply(200, [issue(7, `${MARKER}\nold text`, { labels: [{ name: 'orgplane-drift' }, { name: 'triaged' }] })])
      .patch(`${ISSUES}/7`, (body) => {
        updated = body;
        return true;
      })
      .reply(200, issue(7, ''));

    const result = await upsertDriftIssue({ octokit: testClient(), repo: REPO, key: KEY, title: 'Drift again', body: 'new text' });

    expect(result).toEqual({ action: 'updated', number: 7, url: 'https://github.com/acme/org-config/issues/7' });
    expect(updated).toEqual({ title: 'Drift again', body: `${MARKER}\nnew text`, labels: ['orgplane-drift', 'triaged'] });
    expect(scope.isDone()).toBe(true);
  });

  it('does not touch an issue that already says the same thing', async () => {
    const scope = nock(API)
      .get(ISSUES)
      .query(true)
      .reply(200, [issue(7, `${MARKER}\nsame`, { title: 'Same' })]);

    const result = await upsertDriftIssue({ octokit: testClient(), repo: REPO, key: KEY, title: 'Same', body: 'same' });

    expect(result.action).toBe('unchanged');
    expect(scope.isDone()).toBe(true);
  });

  it('keeps keys from closing the hidden marker', async () => {
    let created: { title: string; body: string; labels: string[] } | undefined;
    const scope = nock(API)
      .get(ISSUES)
      .query(true)
      .reply(200, [])
      .post(ISSUES, (body) => {
        created = body;
        return true;
      })
      .reply(201, issue(1, ''));

    await upsertDriftIssue({ octokit: testClient(), repo: REPO, key: 'evil-->key', title: 't', body: 'b' });

    expect(created!.body.split('\n')[0]).toBe('<!-- orgplane:drift:evil-%2D%3Ekey -->');
    expect(scope.isDone()).toBe(true);
  });
});

describe('closeResolvedDriftIssue', () => {
  it('comments and closes the open issue for the key', async () => {
    const calls: string[] = [];
    const scope = nock(API)
      .get(ISSUES)
      .query(true)
      .reply(200, [issue(7, `${MARKER}\nbody`)])
      .post(`${ISSUES}/7/comments`, (body) => {
        calls.push(`comment:${body.body}`);
        return true;
      })
      .reply(201, { id: 1 })
      .patch(`${ISSUES}/7`, (body) => {
        calls.push(`update:${body.state}:${body.state_reason}`);
        return true;
      })
      .reply(200, issue(7, ''));

    const result = await closeResolvedDriftIssue({ octokit: testClient(), repo: REPO, key: KEY, comment: 'Reverted by orgplane at abc1234.' });

    expect(result).toEqual({ action: 'closed', number: 7, url: 'https://github.com/acme/org-config/issues/7' });
    expect(calls).toEqual(['comment:Reverted by orgplane at abc1234.', 'update:closed:completed']);
    expect(scope.isDone()).toBe(true);
  });

  it('does nothing when no issue is open for the key', async () => {
    const scope = nock(API).get(ISSUES).query(true).reply(200, [issue(1, '<!-- orgplane:drift:other -->')]);

    const result = await closeResolvedDriftIssue({ octokit: testClient(), repo: REPO, key: KEY });

    expect(result).toEqual({ action: 'none' });
    expect(scope.isDone()).toBe(true);
  });
});
