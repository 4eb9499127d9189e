import { describe, expect, it } from 'vitest';
import { readLine, renderText } from '../../src/render/index.js';
import { computePlan } from '../../src/plan/index.js';
import { desiredState, liveState, NOW } from '../plan/fixtures.js';
import { samplePlan } from './sample-plan.js';

describe('renderText', () => {
  const text = renderText(samplePlan(), { color: false });
  const lines = text.split('\n');

  it('shows each change with its symbol, action and address', () => {
    expect(lines).toContain('  + create org.role["Billing Viewer"]');
    expect(lines).toContain('  + invite org.invite["grace@example.com"]');
    expect(lines).toContain('  + assign org.member["ada@example.com"].role["Billing Viewer"]');
    expect(lines).toContain('  ~ update org.member["ada@example.com"]');
    expect(lines).toContain('  ! update org.member["bob@example.com"]  (destructive)');
    expect(lines).toContain('  ! delete org.member["eve@contractor.test"]  (destructive)');
    expect(lines).toContain('  ! unassign project["ads"].member["ada@example.com"]  (destructive)');
    expect(lines).toContain('  ! archive project["legacy"]  (destructive)');
    expect(lines).toContain('  + create project["search"].service_account["indexer"]');
  });

  it('shows the reason and before → after of the fields that differ', () => {
    const at = lines.indexOf('  ~ update org.member["ada@example.com"]');
    expect(lines.slice(at + 1, at + 3)).toEqual(['      # organization role reader → owner', '      role: "reader" → "owner"']);
    const rl = lines.indexOf('  ~ update project["search"].rate_limit["gpt-4o"]');
    expect(lines[rl + 2]).toBe('      maxTokensPer1Minute: 30000 → 150000');
    const invite = lines.indexOf('  + invite org.invite["grace@example.com"]');
    expect(lines.slice(invite + 2, invite + 4)).toEqual(['      role: "reader"', '      projects: search (member)']);
  });

  it('groups changes by area, organization first, then one block per project', () => {
    const titles = lines.filter((l) => /^(Organization|Members|Groups|Certificates|Project )/.test(l));
    expect(titles).toEqual(['Organization roles', 'Members and invites', 'Groups', 'Project ads', 'Project legacy', 'Project search']);
  });

  it('lists conflicts, unmanaged objects and findings beside the changes', () => {
    expect(text).toContain('Conflicts (owned by the identity provider; orgplane leaves them alone):\n  org.member["scim@example.com"]: organization role is reader, the manifest says owner');
    expect(text).toContain('Unmanaged (live, declared nowhere, left alone):\n  org.invite["stray@example.com"]: not declared in any manifest (prune.invites: report)');
    expect(text).toContain('  [allowedEmailDomains] org.member["eve@contractor.test"]');
  });

  it('ends with the summary and read lines', () => {
    expect(lines.slice(-3, -1)).toEqual([
      'Plan: 2 to create, 1 to invite, 3 to assign, 3 to update, 1 to unassign, 1 to remove, 1 to archive. 4 destructive.',
      'Read 42 objects in 7 requests.',
    ]);
  });

  it('counts one object and one request in the singular', () => {
    const plan = computePlan(desiredState(), liveState(), { now: NOW, fingerprint: () => 'f' });
    expect(readLine({ ...plan, read: { ...plan.read, objects: 1, requests: 1 } })).toBe('Read 1 object in 1 request.');
  });

  it('says so when there is nothing to do', () => {
    const empty = renderText(computePlan(desiredState(), liveState(), { now: NOW, fingerprint: () => 'f' }));
    expect(empty).toBe('No changes. The organization matches the manifests.\nRead 42 objects in 7 requests.\n');
  });

  it('colours only when asked', () => {
    expect(text).not.toContain('\u001b[');
    const coloured = renderText(samplePlan(), { color: true });
    // util.styleText's codes: each style closes with its own reset (39 colour, 22 bold).
    expect(coloured).toContain('\u001b[32m+ create\u001b[39m org.role["Billing Viewer"]');
    expect(coloured).toContain('\u001b[1m\u001b[31m! delete\u001b[39m\u001b[22m');
  });
});
