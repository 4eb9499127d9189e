import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeEvents, githubIssueSink } from '../../src/drift/index.js';
import { createGitHubClient } from '../../src/github/index.js';
import { driftMarker } from '../../src/github/markdown.js';
import { silentLogger } from '../../src/logging/logger.js';
import { desiredFixture, indexFixture, sessionEvent } from './fixtures.js';

const API = 'https://api.github.com';
const octokit = createGitHubClient({ token: 'ghp_test', throttle: false, maxRetries: 0, retryAfterBaseValue: 0 });
const alert = analyzeEvents({
  events: [sessionEvent('user.updated', { id: 'user-grace', changes_requested: { role: 'owner' } })],
  ownActorIds: new Set(),
  desired: desiredFixture(),
  index: indexFixture(),
  changes: [
    {
      address: 'org.member["grace@example.com"]', action: 'update', kind: 'org.member', target: { email: 'grace@example.com' },
      before: { role: 'owner' }, after: { role: 'reader' }, reason: '', destructive: false, dependsOn: [],
    },
  ],
  mode: 'report',
}).alerts[0]!;

afterEach(() => {
  expect(nock.isDone()).toBe(true);
  nock.cleanAll();
});

describe('GitHub drift issue sink', () => {
  it('opens one issue per drifted address, then closes it when the drift is resolved (even after a restart)', async () => {
    const sink = githubIssueSink({ octokit, repo: { owner: 'acme', repo: 'org' }, logger: silentLogger() });
    let created: { title: string; body: string; labels: string[] } | undefined;
    nock(API).get('/repos/acme/org/issues').query(true).reply(200, []);
    nock(API)
      .post('/repos/acme/org/issues', (body: typeof created) => {
        created = body;
        return true;
      })
      .reply(201, { number: 7, html_url: 'https://github.com/acme/org/issues/7' });
    await sink.send(alert);
    expect(created?.title).toBe('Drift: org.member["grace@example.com"]');
    expect(created?.labels).toEqual(['orgplane-drift']);
    expect(created?.body).toContain(driftMarker('org.member["grace@example.com"]'));
    expect(created?.body).toContain('declared at `org.yaml:8`');

    nock(API)
      .get('/repos/acme/org/issues')
      .query(true)
      .reply(200, [{ number: 7, html_url: 'u', title: 't', body: created!.body, labels: [{ name: 'orgplane-drift' }] }]);
    nock(API).post('/repos/acme/org/issues/7/comments').reply(201, {});
    nock(API).patch('/repos/acme/org/issues/7', { state: 'closed', state_reason: 'completed' }).reply(200, { number: 7 });
    await sink.resolve!(['org.member["grace@example.com"]'], 'rev2');
  });
});
