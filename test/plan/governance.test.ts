// The governance kinds through the pure stages: diff (what changes, what loosens), the
// guards' maxLoosenings, the renderers' words (money with its currency, models allowed and
// no longer allowed) and the live findings of the governance rules.
import { describe, expect, it } from 'vitest';
import { evaluateGuards } from '../../src/apply/index.js';
import type { ModelPermissions, SpendAlert, SpendLimit } from '../../src/model/governance.js';
import { computePlan } from '../../src/plan/index.js';
import { renderMarkdown, renderText } from '../../src/render/index.js';
import { desiredState, liveProject, liveState, NOW, projects, wantProject } from './fixtures.js';

const usd = (thresholdAmount: number): SpendLimit => ({ thresholdAmount, currency: 'USD', interval: 'month' });
const allow = (...modelIds: string[]): ModelPermissions => ({ mode: 'allow_list', modelIds });
const deny = (...modelIds: string[]): ModelPermissions => ({ mode: 'deny_list', modelIds });
const alert = (thresholdAmount: number, recipients: string[], id?: string): SpendAlert => ({
  thresholdAmount,
  currency: 'USD',
  interval: 'month',
  notificationChannel: { type: 'email', recipients, subjectPrefix: null },
  ...(id === undefined ? {} : { id }),
});
const alerts = (...items: SpendAlert[]) => new Map(items.map((a) => [`$${(a.thresholdAmount / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} USD/month`, a]));

function plan(want: Parameters<typeof wantProject>[1], have: Parameters<typeof liveProject>[1], rules = {}) {
  return computePlan(desiredState({ projects: projects(wantProject('search', want)) }, { rules }), liveState({ projects: projects(liveProject('search', have)) }), { now: NOW });
}

describe('spend limits', () => {
  it('lowers a limit without calling it destructive, and raises one as a loosening', () => {
    const lower = plan({ spendLimit: usd(50_000) }, { spendLimit: usd(100_000) });
    expect(lower.changes).toMatchObject([
      { address: 'project["search"].spend_limit', kind: 'project.spend_limit', action: 'update', destructive: false, before: { thresholdAmount: 100_000 }, after: { thresholdAmount: 50_000 } },
    ]);
    expect(lower.changes[0]!.reason).toBe('spend limit lowered from $1,000.00 USD/month to $500.00 USD/month');
    const raise = plan({ spendLimit: usd(200_000) }, { spendLimit: usd(100_000) });
    expect(raise.changes[0]).toMatchObject({ action: 'update', destructive: true });
    expect(raise.changes[0]!.reason).toMatch(/raised from \$1,000.00 USD\/month to \$2,000.00 USD\/month \(loosens the limit\)/);
  });

  it('creates a limit where none is set (404 read as null), deletes on an explicit null, and leaves an absent one alone', () => {
    expect(plan({ spendLimit: usd(100_000) }, { spendLimit: null }).changes).toMatchObject([{ action: 'create', destructive: false, after: { thresholdAmount: 100_000, currency: 'USD', interval: 'month' } }]);
    expect(plan({ spendLimit: null }, { spendLimit: usd(100_000) }).changes).toMatchObject([{ action: 'delete', destructive: true, before: { thresholdAmount: 100_000 } }]);
    expect(plan({ spendLimit: null }, { spendLimit: null }).changes).toEqual([]);
    expect(plan({}, { spendLimit: usd(100_000) }).changes).toEqual([]);
  });

  it('plans the organization\'s limit at org.spend_limit', () => {
    const result = computePlan(desiredState({ spendLimit: usd(1_000_000) }), liveState({ spendLimit: usd(500_000) }), { now: NOW });
    expect(result.changes).toMatchObject([{ address: 'org.spend_limit', kind: 'org.spend_limit', action: 'update', destructive: true }]);
  });
});

describe('spend alerts', () => {
  it('matches alerts by threshold: creates, updates recipients, deletes the undeclared', () => {
    const result = plan(
      { spendAlerts: alerts(alert(50_000, ['fin@example.com']), alert(100_000, ['ops@example.com'])) },
      { spendAlerts: alerts(alert(100_000, ['fin@example.com'], 'alert_1'), alert(200_000, ['fin@example.com'], 'alert_2')) },
    );
    expect(result.changes.map((c) => [c.action, c.address, c.destructive])).toEqual([
      // one wave, by address
      ['update', 'project["search"].spend_alert["$1,000.00 USD/month"]', false],
      ['create', 'project["search"].spend_alert["$500.00 USD/month"]', false],
      ['delete', 'project["search"].spend_alert["$2,000.00 USD/month"]', true],
    ]);
    expect(result.changes[0]!.target).toMatchObject({ spendAlertId: 'alert_1' });
  });

  it('compares recipients case-insensitively and in any order', () => {
    expect(plan({ spendAlerts: alerts(alert(1, ['B@x.io', 'a@x.io'])) }, { spendAlerts: alerts(alert(1, ['a@x.io', 'b@x.io'], 'alert_1')) }).changes).toEqual([]);
  });
});

describe('model permissions', () => {
  it('words what an allow list change allows and no longer allows, and calls a widening destructive', () => {
    const result = plan({ modelPermissions: allow('gpt-4.1', 'o3') }, { modelPermissions: allow('gpt-4.1', 'gpt-4o') });
    expect(result.changes).toMatchObject([{ address: 'project["search"].model_permissions', action: 'update', destructive: true }]);
    expect(result.changes[0]!.reason).toBe('allowed: o3; no longer allowed: gpt-4o (widens model access)');
  });

  it('narrowing an allow list or adding to a deny list is not destructive', () => {
    expect(plan({ modelPermissions: allow('gpt-4.1') }, { modelPermissions: allow('gpt-4.1', 'o3') }).changes[0]).toMatchObject({ destructive: false, reason: 'no longer allowed: o3' });
    expect(plan({ modelPermissions: deny('o3', 'o1') }, { modelPermissions: deny('o3') }).changes[0]).toMatchObject({ destructive: false, reason: 'no longer allowed: o1' });
  });

  it('a deny entry removed, a mode change and a delete all widen access', () => {
    expect(plan({ modelPermissions: deny() }, { modelPermissions: deny('o3') }).changes[0]).toMatchObject({ destructive: true });
    expect(plan({ modelPermissions: deny('o3') }, { modelPermissions: allow('gpt-4.1') }).changes[0]).toMatchObject({ destructive: true });
    expect(plan({ modelPermissions: null }, { modelPermissions: allow('gpt-4.1') }).changes[0]).toMatchObject({ action: 'delete', destructive: true });
  });

  it('an explicit null matches a project without permissions (404 or an empty deny list, both read as null)', () => {
    expect(plan({ modelPermissions: null }, { modelPermissions: null }).changes).toEqual([]);
  });
});

describe('hosted tools and data retention', () => {
  it('enabling a tool loosens; disabling does not; unnamed tools are left alone', () => {
    const all = { fileSearch: true, webSearch: false, imageGeneration: true, mcp: true, codeInterpreter: true };
    const result = plan({ hostedToolPermissions: { tools: { webSearch: true, mcp: false } } }, { hostedToolPermissions: { tools: all } });
    expect(result.changes).toMatchObject([{ action: 'update', destructive: true, before: { webSearch: false, mcp: true }, after: { webSearch: true, mcp: false } }]);
    expect(plan({ hostedToolPermissions: { tools: { mcp: false } } }, { hostedToolPermissions: { tools: all } }).changes[0]).toMatchObject({ destructive: false });
  });

  it('weaker retention loosens; organization_default weighs as the organization\'s type', () => {
    expect(plan({ dataRetention: { type: 'none' } }, { dataRetention: { type: 'zero_data_retention' } }).changes[0]).toMatchObject({ destructive: true });
    expect(plan({ dataRetention: { type: 'zero_data_retention' } }, { dataRetention: { type: 'none' } }).changes[0]).toMatchObject({ destructive: false });
    const toDefault = (org: 'zero_data_retention' | 'modified_abuse_monitoring') =>
      computePlan(
        desiredState({ projects: projects(wantProject('search', { dataRetention: { type: 'organization_default' } })) }),
        liveState({ dataRetention: { type: org }, projects: projects(liveProject('search', { dataRetention: { type: 'zero_data_retention' } })) }),
        { now: NOW },
      ).changes[0];
    expect(toDefault('zero_data_retention')).toMatchObject({ destructive: false });
    expect(toDefault('modified_abuse_monitoring')).toMatchObject({ destructive: true });
  });
});

describe('a project created by the plan', () => {
  it('gets its settings after the project, compared with the API\'s defaults', () => {
    const result = computePlan(
      desiredState({ projects: projects(wantProject('new', { spendLimit: usd(10_000), modelPermissions: allow('gpt-4.1'), hostedToolPermissions: { tools: { webSearch: false, fileSearch: true } }, dataRetention: { type: 'organization_default' } })) }),
      liveState(),
      { now: NOW },
    );
    expect(result.changes.map((c) => [c.kind, c.action, c.destructive, c.dependsOn])).toEqual([
      ['project', 'create', false, []],
      ['project.hosted_tool_permissions', 'update', false, ['project["new"]']],
      ['project.model_permissions', 'create', false, ['project["new"]']],
      ['project.spend_limit', 'create', false, ['project["new"]']],
    ]);
  });
});

describe('guards: safety.maxLoosenings', () => {
  const loosening = () => plan({ spendLimit: usd(900_000), modelPermissions: allow('gpt-4.1', 'o3') }, { spendLimit: usd(100_000), modelPermissions: allow('gpt-4.1') });

  it('refuses any loosening by default, naming the changes and the override', () => {
    const result = loosening();
    const { refusals } = evaluateGuards(result, liveState(), desiredState().policy);
    expect(refusals.map((r) => r.rule)).toEqual(['maxLoosenings']);
    expect(refusals[0]!.message).toBe(
      '2 loosening changes exceed safety.maxLoosenings 0 (override for one run with --max-loosenings 2): project["search"].model_permissions, project["search"].spend_limit',
    );
  });

  it('lets them through under --max-loosenings or a higher safety.maxLoosenings, and does not count them as deletes', () => {
    const result = loosening();
    expect(evaluateGuards(result, liveState(), desiredState().policy, { maxLoosenings: 2 }).refusals).toEqual([]);
    expect(evaluateGuards(result, liveState(), desiredState({}, { safety: { maxLoosenings: 5, maxDeletes: 0 } }).policy).refusals).toEqual([]);
  });
});

describe('rendering', () => {
  it('shows money with its currency, only the fields that change, and calls loosenings destructive', () => {
    const result = computePlan(
      desiredState({ projects: projects(wantProject('search', { spendLimit: usd(250_000), spendAlerts: alerts(alert(100_000, ['ops@example.com'])) })) }),
      liveState({ projects: projects(liveProject('search', { spendLimit: usd(100_000), spendAlerts: alerts(alert(100_000, ['fin@example.com'], 'alert_1')) })) }),
      { now: NOW },
    );
    const text = renderText(result);
    expect(text).toContain('thresholdAmount: $1,000.00 USD/month → $2,500.00 USD/month');
    expect(text).toContain('recipients: fin@example.com → ops@example.com');
    expect(text).not.toMatch(/currency|interval|subjectPrefix/);
    expect(text).toContain('~ update project["search"].spend_alert["$1,000.00 USD/month"]');
    const markdown = renderMarkdown(result);
    expect(markdown).toContain('⚠️ Destructive changes (1)');
    expect(markdown).toContain('raised from $1,000.00 USD/month to $2,500.00 USD/month (loosens the limit)');
  });

  it('lists model-permission changes as allowed / no longer allowed, and org settings under their own area', () => {
    const result = computePlan(
      desiredState({ dataRetention: { type: 'zero_data_retention' }, projects: projects(wantProject('search', { modelPermissions: allow('gpt-4.1') })) }),
      liveState({ dataRetention: null, projects: projects(liveProject('search', { modelPermissions: allow('gpt-4.1', 'o3') })) }),
      { now: NOW },
    );
    const text = renderText(result);
    expect(text).toContain('# no longer allowed: o3');
    expect(text).toMatch(/Data retention\n\n {2}~ update org\.data_retention/);
  });
});

describe('live findings of the governance rules', () => {
  it('reports projects without a spend limit, above the maximum, outside the allowed models or with weaker retention', () => {
    const result = computePlan(
      desiredState({ projects: projects(wantProject('a'), wantProject('b')) }, { rules: { requireProjectSpendLimit: { maxThresholdAmount: 100_000 }, allowedModels: ['gpt-4.1'], requireDataRetention: 'zero_data_retention' } }),
      liveState({
        dataRetention: { type: 'zero_data_retention' },
        projects: projects(
          liveProject('a', { spendLimit: null, modelPermissions: null, dataRetention: { type: 'organization_default' } }),
          liveProject('b', { spendLimit: usd(500_000), modelPermissions: allow('gpt-4.1', 'o3'), dataRetention: { type: 'none' } }),
        ),
      }),
      { now: NOW },
    );
    expect(result.findings.map((f) => [f.rule, f.address, f.message])).toEqual([
      ['requireProjectSpendLimit', 'project["a"].spend_limit', 'project a has no spend limit'],
      ['allowedModels', 'project["a"].model_permissions', 'project a allows every model, not an allow list within gpt-4.1'],
      ['requireProjectSpendLimit', 'project["b"].spend_limit', 'project b may spend $5,000.00 USD/month, above the maximum $1,000.00 USD/month'],
      ['allowedModels', 'project["b"].model_permissions', 'project b allows o3, outside gpt-4.1'],
      ['requireDataRetention', 'project["b"].data_retention', 'project b keeps data under none, weaker than zero_data_retention'],
    ]);
  });
});
