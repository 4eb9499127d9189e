// Small builders shared by the GitHub tests.
import nock from 'nock';
import { createGitHubClient, type GitHubClient } from '../../src/github/client.js';
import type { Problem } from '../../src/manifest/types.js';
import type { Change, Plan } from '../../src/plan/types.js';

export const API = 'https://api.github.com';
export const REPO = { owner: 'acme', repo: 'org-config' };
export const SHA = '0123456789abcdef0123456789abcdef01234567';

/** Throttling off (no write pacing) and no retry delays: tests never sleep. */
export function testClient(baseUrl = API): GitHubClient {
  return createGitHubClient({ token: 'ghs_testtoken', baseUrl, throttle: false, retryAfterBaseValue: 0 });
}

export function change(overrides: Partial<Change> = {}): Change {
  return {
    address: 'org.member["ada@example.com"]',
    action: 'invite',
    kind: 'org.invite',
    target: { email: 'ada@example.com' },
    after: { role: 'reader' },
    reason: 'declared in policies/org.yaml',
    destructive: false,
    dependsOn: [],
    ...overrides,
  } as Change;
}

export function plan(changes: Change[] = []): Plan {
  const summary = { create: 0, update: 0, delete: 0, invite: 0, archive: 0, assign: 0, unassign: 0 };
  for (const c of changes) {
    summary[c.action] += 1;
  }
  return {
    formatVersion: 1,
    revision: 'abc',
    liveFingerprint: 'fp',
    createdAt: '2026-01-01T00:00:00.000Z',
    changes,
    conflicts: [],
    unmanaged: [],
    findings: [],
    summary,
    read: { objects: 0, requests: 0 },
  };
}

export function problem(overrides: Partial<Problem> = {}): Problem {
  return {
    file: 'org.yaml',
    line: 12,
    column: 5,
    message: 'unknown group "ml-platfrom" (did you mean "ml-platform"?)',
    severity: 'error',
    code: 'unknown-reference',
    ...overrides,
  };
}

export function comment(id: number, body: string): { id: number; body: string; html_url: string } {
  return { id, body, html_url: `https://github.com/acme/org-config/pull/7#issuecomment-${id}` };
}

/** Fails the test if a mock was not used, and clears mocks for the next one. */
export function expectAllMocksUsed(): void {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  if (pending.length > 0) {
    throw new Error(`unused GitHub mocks: ${pending.join(', ')}`);
  }
}
