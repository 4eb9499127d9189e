import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/index.js';
import type { Plan } from '../../src/plan/types.js';
import { renderMarkdown } from '../../src/render/index.js';
import { desiredState, liveState, members, NOW, user, want } from '../plan/fixtures.js';
import { samplePlan } from './sample-plan.js';

describe('renderMarkdown', () => {
  const md = renderMarkdown(samplePlan());

  it('starts with the summary, then the destructive changes, then access by person', () => {
    const summary = md.indexOf('**Plan: 2 to create, 1 to invite, 3 to assign, 3 to update, 1 to unassign, 1 to remove, 1 to archive.** ⚠️ 4 destructive.');
    const destructive = md.indexOf('#### ⚠️ Destructive changes (4)');
    const access = md.indexOf('#### Access changes by person (4)');
    const firstTable = md.indexOf('| | action | address | fields | reason |');
    expect(summary).toBeGreaterThan(0);
    expect(summary).toBeLessThan(destructive);
    expect(destructive).toBeLessThan(access);
    expect(access).toBeLessThan(firstTable);
    expect(md).toContain('- **delete** `org.member["eve@contractor.test"]`: not declared in any manifest (prune.members: delete): leaves the organization');
  });

  it('summarizes each person\'s access change in one line', () => {
    expect(md).toContain(
      '- ⚠️ `ada@example.com`: becomes organization owner; joins group ml-platform; gets organization role Billing Viewer; becomes owner of search; loses access to ads',
    );
    expect(md).toContain('- `grace@example.com`: is invited as organization reader; becomes member of search on acceptance');
  });

  it('has a table per area with before → after fields', () => {
    expect(md).toContain('#### Project search (3)');
    expect(md).toContain('| ~ | update | `project["search"].rate_limit["gpt-4o"]` | maxTokensPer1Minute: 30000 → 150000 | gpt-4o limits differ: maxTokensPer1Minute |');
    expect(md).toContain('<summary>Unmanaged: live, declared nowhere, left alone (1)</summary>');
  });

  it('escapes pipes and markup in values so a name cannot break the table', () => {
    const plan = computePlan(
      desiredState({ members: members(want('a|b*@example.com', 'owner')) }),
      liveState({ members: members(user('a|b*@example.com', 'reader')) }),
      { now: NOW, fingerprint: () => 'f' },
    );
    const out = renderMarkdown(plan);
    expect(out).toContain('| ~ | update | `org.member["a\\|b*@example.com"]` |');
    expect(out).not.toMatch(/[^\\]\|b\*/);
  });

  it('folds a long area into <details>', () => {
    const emails = Array.from({ length: 12 }, (_, i) => `user${String(i).padStart(2, '0')}@example.com`);
    const plan = computePlan(desiredState({ members: members(...emails.map((e) => want(e))) }), liveState(), { now: NOW, fingerprint: () => 'f' });
    const out = renderMarkdown(plan);
    expect(out).toContain('#### Members and invites (12)\n\n<details>\n<summary>12 changes</summary>');
  });

  it('stays under maxLength, cutting at a line, closing <details>, and saying it was truncated', () => {
    const emails = Array.from({ length: 600 }, (_, i) => `person-${String(i).padStart(4, '0')}@example.com`);
    const plan: Plan = computePlan(desiredState({ members: members(...emails.map((e) => want(e))) }), liveState(), { now: NOW, fingerprint: () => 'f' });
    const full = renderMarkdown(plan, { maxLength: 10_000_000 });
    expect(full.length).toBeGreaterThan(65_000);
    const out = renderMarkdown(plan);
    expect(out.length).toBeLessThanOrEqual(65_000);
    expect(out).toMatch(/> \*\*Truncated\*\*: this plan is \d+ characters, more than fits in a comment; \d+ are shown\./);
    expect(out.split('<details>').length).toBe(out.split('</details>').length);
    expect(out.startsWith('### orgplane plan\n\n**Plan: 600 to invite.**')).toBe(true);
    const small = renderMarkdown(plan, { maxLength: 3000 });
    expect(small.length).toBeLessThanOrEqual(3000);
    expect(small).toContain('Truncated');
  });

  it('says there is nothing to do for an empty plan', () => {
    const plan = computePlan(desiredState(), liveState(), { now: NOW, fingerprint: () => 'f' });
    expect(renderMarkdown(plan)).toBe(
      '### orgplane plan\n\n**No changes. The organization matches the manifests.**\n\nRevision `rev-1`. Read 42 objects in 7 requests.\n',
    );
  });
});
