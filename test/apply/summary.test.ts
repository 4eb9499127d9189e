import { describe, expect, it } from 'vitest';
import { formatApplyResult, formatRefusals, GuardRefusal } from '../../src/apply/index.js';
import type { ApplyResult } from '../../src/apply/index.js';
import { change } from './support/builders.js';

const result: ApplyResult = {
  refusals: [],
  applied: [
    { address: 'org.group["a"]', kind: 'org.group', action: 'create', status: 'applied' },
    {
      address: 'project["x"].service_account["bot"]',
      kind: 'project.service_account',
      action: 'create',
      status: 'applied',
      note: 'key written to s/x--bot.json',
      secret: { location: 's/x--bot.json' },
    },
  ],
  failed: [
    { address: 'org.role["R"]', kind: 'org.role', action: 'create', status: 'failed', reason: 'bad permission (status 400)', error: { message: 'bad permission', status: 400 } },
  ],
  skipped: [
    { address: 'org.group["a"].role["R"]', kind: 'org.group.role', action: 'assign', status: 'skipped', blockedBy: 'org.role["R"]', reason: 'depends on org.role["R"], which failed' },
  ],
  warnings: ['the owner of the admin key in use is unknown: the self-lockout check was skipped'],
};

describe('formatApplyResult', () => {
  it('lists outcomes with reasons, where keys went, warnings, and the verdict', () => {
    const remaining = [change('org.role', 'create', 'org.role["R"]', { reason: 'declared in the manifest, missing in the organization' })];
    expect(formatApplyResult(result, { converged: false, remaining, reads: 4 }).split('\n')).toEqual([
      '  applied  org.group["a"] (create)',
      '  applied  project["x"].service_account["bot"] (create): key written to s/x--bot.json',
      '  FAILED   org.role["R"] (create): bad permission (status 400)',
      '  skipped  org.group["a"].role["R"] (assign): depends on org.role["R"], which failed',
      '',
      'Service-account keys delivered (a file is mode 0600: move it to your secret store):',
      '  project["x"].service_account["bot"]: s/x--bot.json',
      '',
      'Warnings:',
      '  the owner of the admin key in use is unknown: the self-lockout check was skipped',
      '',
      'Apply complete: 2 applied, 1 failed, 1 skipped. Not converged: 1 change remains.',
      'Still different from the manifests:',
      '  org.role["R"] (create): declared in the manifest, missing in the organization',
    ]);
  });

  it('lists keys kept in a fallback file apart from the delivered ones', () => {
    const kept: ApplyResult = {
      ...result,
      failed: [],
      skipped: [],
      warnings: [],
      applied: [
        {
          address: 'project["x"].service_account["bot"]',
          kind: 'project.service_account',
          action: 'create',
          status: 'applied',
          secret: { location: 's.fallback/x--bot.json', undelivered: 'exec:gh failed (exit code 1)' },
        },
      ],
    };
    const lines = formatApplyResult(kept).split('\n');
    expect(lines).toContain('Service-account keys NOT delivered, kept in fallback files (mode 0600: deliver each yourself, then delete it):');
    expect(lines).toContain('  project["x"].service_account["bot"]: s.fallback/x--bot.json');
    expect(lines.join('\n')).not.toContain('keys delivered');
  });

  it('ends with the documented line when everything converged', () => {
    const clean: ApplyResult = { ...result, failed: [], skipped: [], warnings: [], applied: result.applied.slice(0, 1) };
    expect(formatApplyResult(clean, { converged: true, remaining: [], reads: 1 }).split('\n').at(-1)).toBe(
      'Apply complete: 1 applied, 0 failed, 0 skipped. Converged.',
    );
  });
});

describe('formatRefusals', () => {
  it('names each rule and its message', () => {
    const text = formatRefusals([new GuardRefusal('minOwners', 'the organization would keep 1 owner…', ['org.member["a@x"]'])]);
    expect(text).toBe('Apply refused by a safety guard; nothing was changed.\n  [minOwners] the organization would keep 1 owner…');
  });
});
