// The governance kinds end to end: the built CLI against the emulator, which answers an unset
// setting with 404 (the default) or with its default value (`unset_settings: default`).
// Plan, apply, the loosening guard, a change made in the dashboard, and the import round trip.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { parsePlan } from '../../src/plan/index.js';
import { runCli } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const USERS: NonNullable<EmulatorSeed['users']> = [{ id: 'user-ada', email: 'ada@example.com', role: 'owner' }];
const BASE: EmulatorSeed = { users: USERS, projects: [{ id: 'proj_search', name: 'search' }] };

const ORG = `apiVersion: orgplane/v1
kind: Organization
spec:
  members:
    - { email: ada@example.com, role: owner }
  spendLimit: { thresholdAmount: 5000000 }
  dataRetention: { type: zero_data_retention }
---
apiVersion: orgplane/v1
kind: Policy
spec:
  rules:
    requireProjectSpendLimit: { maxThresholdAmount: 500000 }
    allowedModels: [gpt-4.1, gpt-4.1-mini]
`;

const project = (limit: number, models: string[]) => `apiVersion: orgplane/v1
kind: Project
metadata:
  name: search
spec:
  spendLimit: { thresholdAmount: ${limit} }
  spendAlerts:
    - thresholdAmount: 50000
      notificationChannel: { recipients: [finance@example.com], subjectPrefix: "[search]" }
  modelPermissions: { mode: allow_list, modelIds: [${models.join(', ')}] }
  hostedToolPermissions:
    webSearch: { enabled: false }
    codeInterpreter: { enabled: false }
  dataRetention: { type: organization_default }
`;

describe('governance settings (e2e)', () => {
  let emu: TestEmulator;
  let dir: string;
  beforeAll(async () => {
    emu = await startTestEmulator({ seed: BASE });
    dir = await mkdtemp(join(tmpdir(), 'orgplane-governance-e2e-'));
  });
  afterAll(async () => {
    await emu.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function config(name: string, files: Record<string, string>): Promise<string> {
    const folder = join(dir, name);
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    for (const [file, text] of Object.entries(files)) await writeFile(join(folder, file), text);
    return folder;
  }

  async function plan(folder: string) {
    const result = await runCli(['plan', '--config', folder, '--format', 'json'], { env: emu.env() });
    expect(result.code, result.stderr).toBe(0);
    return parsePlan(result.stdout);
  }

  for (const unset of ['404', 'default'] as const) {
    it(`creates every setting on an organization that has none (unset settings answer ${unset}), then converges`, async () => {
      await emu.seed({ ...BASE, unset_settings: unset });
      const folder = await config(`fresh-${unset}`, { 'org.yaml': ORG, 'search.yaml': project(100_000, ['gpt-4.1']) });
      const first = await plan(folder);
      expect(first.changes.map((c) => `${c.action} ${c.address}`).sort()).toEqual([
        'create org.spend_limit',
        'create project["search"].model_permissions',
        'create project["search"].spend_alert["$500.00 USD/month"]',
        'create project["search"].spend_limit',
        'update org.data_retention',
        'update project["search"].hosted_tool_permissions',
      ]);
      // Nothing loosens a control that was not there: no override needed.
      const applied = await runCli(['apply', '--config', folder, '--auto-approve'], { env: emu.env() });
      expect(applied.code, `${applied.stdout}\n${applied.stderr}`).toBe(0);

      const limit = await emu.api<{ threshold_amount: number }>('GET', '/organization/projects/proj_search/spend_limit');
      expect(limit.body.threshold_amount).toBe(100_000);
      const models = await emu.api<{ mode: string; model_ids: string[] }>('GET', '/organization/projects/proj_search/model_permissions');
      expect(models.body).toMatchObject({ mode: 'allow_list', model_ids: ['gpt-4.1'] });
      const tools = await emu.api<Record<string, { enabled: boolean }>>('GET', '/organization/projects/proj_search/hosted_tool_permissions');
      expect(tools.body).toMatchObject({ web_search: { enabled: false }, code_interpreter: { enabled: false }, file_search: { enabled: true } });
      expect((await plan(folder)).changes).toEqual([]);
    });
  }

  it('refuses to loosen (a higher limit, a model newly allowed) without --max-loosenings, and applies with it', async () => {
    await emu.seed(BASE);
    const folder = await config('loosen', { 'org.yaml': ORG, 'search.yaml': project(100_000, ['gpt-4.1']) });
    expect((await runCli(['apply', '--config', folder, '--auto-approve'], { env: emu.env() })).code).toBe(0);

    await writeFile(join(folder, 'search.yaml'), project(400_000, ['gpt-4.1', 'gpt-4.1-mini']));
    const markdown = await runCli(['plan', '--config', folder, '--format', 'markdown'], { env: emu.env() });
    expect(markdown.stdout).toContain('⚠️ Destructive changes (2)');
    expect(markdown.stdout).toContain('allowed: gpt-4.1-mini (widens model access)');
    expect(markdown.stdout).toContain('raised from $1,000.00 USD/month to $4,000.00 USD/month');

    const refused = await runCli(['apply', '--config', folder, '--auto-approve'], { env: emu.env() });
    expect(refused.code).toBe(3);
    expect(refused.stdout + refused.stderr).toContain('2 loosening changes exceed safety.maxLoosenings 0 (override for one run with --max-loosenings 2)');
    expect((await emu.api<{ threshold_amount: number }>('GET', '/organization/projects/proj_search/spend_limit')).body.threshold_amount).toBe(100_000);

    const allowed = await runCli(['apply', '--config', folder, '--auto-approve', '--max-loosenings', '2'], { env: emu.env() });
    expect(allowed.code, `${allowed.stdout}\n${allowed.stderr}`).toBe(0);
    expect((await emu.api<{ threshold_amount: number }>('GET', '/organization/projects/proj_search/spend_limit')).body.threshold_amount).toBe(400_000);
  });

  it('shows a spend limit raised in the dashboard in the next plan, and the policy finding', async () => {
    await emu.seed(BASE);
    const folder = await config('dashboard', { 'org.yaml': ORG, 'search.yaml': project(100_000, ['gpt-4.1']) });
    expect((await runCli(['apply', '--config', folder, '--auto-approve'], { env: emu.env() })).code).toBe(0);
    const raised = await emu.actAs('ada@example.com', 'POST', '/organization/projects/proj_search/spend_limit', { threshold_amount: 900_000, currency: 'USD', interval: 'month' });
    expect(raised.status).toBe(200);

    const next = await plan(folder);
    expect(next.changes).toMatchObject([{ address: 'project["search"].spend_limit', action: 'update', destructive: false, before: { thresholdAmount: 900_000 }, after: { thresholdAmount: 100_000 } }]);
    expect(next.findings).toMatchObject([{ rule: 'requireProjectSpendLimit', message: 'project search may spend $9,000.00 USD/month, above the maximum $5,000.00 USD/month' }]);
  });

  it('deletes a spend limit and model permissions on an explicit null (a loosening), and then reads them as unset', async () => {
    await emu.seed({
      ...BASE,
      projects: [{ id: 'proj_search', name: 'search', spend_limit: { threshold_amount: 100_000 }, model_permissions: { mode: 'deny_list', model_ids: ['o3'] } }],
    });
    const folder = await config('nulls', {
      'org.yaml': 'apiVersion: orgplane/v1\nkind: Organization\nspec:\n  members:\n    - { email: ada@example.com, role: owner }\n',
      'search.yaml': 'apiVersion: orgplane/v1\nkind: Project\nmetadata:\n  name: search\nspec:\n  spendLimit: null\n  modelPermissions: null\n',
    });
    const applied = await runCli(['apply', '--config', folder, '--auto-approve', '--max-loosenings', '2'], { env: emu.env() });
    expect(applied.code, `${applied.stdout}\n${applied.stderr}`).toBe(0);
    expect((await emu.api('GET', '/organization/projects/proj_search/spend_limit')).status).toBe(404);
    expect((await plan(folder)).changes).toEqual([]);
  });

  it('updates an alert\'s recipients in place, replaces one whose threshold changed, and keeps the organization\'s apart', async () => {
    await emu.seed({
      ...BASE,
      spend_alerts: [{ id: 'alert_org', threshold_amount: 1_000_000, notification_channel: { recipients: ['cfo@example.com'] } }],
      projects: [
        {
          id: 'proj_search',
          name: 'search',
          spend_alerts: [
            { id: 'alert_keep', threshold_amount: 50_000, notification_channel: { recipients: ['finance@example.com'] } },
            { id: 'alert_old', threshold_amount: 75_000, notification_channel: { recipients: ['finance@example.com'] } },
          ],
        },
      ],
    });
    const folder = await config('alerts', {
      'org.yaml': 'apiVersion: orgplane/v1\nkind: Organization\nspec:\n  members:\n    - { email: ada@example.com, role: owner }\n',
      'search.yaml': `apiVersion: orgplane/v1
kind: Project
metadata:
  name: search
spec:
  spendAlerts:
    - thresholdAmount: 50000
      notificationChannel: { recipients: [ops@example.com, finance@example.com] }
    - thresholdAmount: 90000
      notificationChannel: { recipients: [finance@example.com], subjectPrefix: "[90%]" }
`,
    });
    const planned = await plan(folder);
    expect(planned.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'update project["search"].spend_alert["$500.00 USD/month"]',
      'create project["search"].spend_alert["$900.00 USD/month"]',
      'delete project["search"].spend_alert["$750.00 USD/month"]',
    ]);
    const applied = await runCli(['apply', '--config', folder, '--auto-approve'], { env: emu.env() });
    expect(applied.code, `${applied.stdout}\n${applied.stderr}`).toBe(0);
    const alerts = await emu.listAll<{ id: string; threshold_amount: number; notification_channel: { recipients: string[]; subject_prefix?: string | null } }>(
      '/organization/projects/proj_search/spend_alerts',
    );
    expect(alerts.map((a) => [a.threshold_amount, a.notification_channel.recipients.sort(), a.notification_channel.subject_prefix ?? null]).sort()).toEqual([
      [50_000, ['finance@example.com', 'ops@example.com'], null],
      [90_000, ['finance@example.com'], '[90%]'],
    ]);
    expect(alerts.find((a) => a.threshold_amount === 50_000)?.id).toBe('alert_keep');
    // The organization's alerts are not managed here: left alone.
    expect((await emu.listAll('/organization/spend_alerts')).length).toBe(1);
    expect((await plan(folder)).changes).toEqual([]);
  });

  for (const unset of ['404', 'default'] as const) {
    it(`imports the settings and plans no change on the imported manifests (unset settings answer ${unset})`, async () => {
      await emu.seed({
        users: USERS,
        unset_settings: unset,
        spend_limit: { threshold_amount: 2_500_000 },
        spend_alerts: [{ threshold_amount: 1_000_000, notification_channel: { recipients: ['finance@example.com'] } }],
        data_retention: 'zero_data_retention',
        projects: [
          {
            id: 'proj_search',
            name: 'search',
            spend_limit: { threshold_amount: 100_000 },
            spend_alerts: [{ threshold_amount: 50_000, notification_channel: { recipients: ['ops@example.com'], subject_prefix: '[search]' } }],
            model_permissions: { mode: 'allow_list', model_ids: ['gpt-4.1', 'o3'] },
            hosted_tool_permissions: { web_search: { enabled: false } },
            data_retention: 'none',
          },
          { id: 'proj_plain', name: 'plain' },
        ],
      });
      const out = join(dir, `imported-${unset}`);
      await rm(out, { recursive: true, force: true });
      const imported = await runCli(['import', '--out', out], { env: emu.env() });
      expect(imported.code, imported.stderr).toBe(0);
      const planned = await plan(out);
      expect(planned.changes).toEqual([]);
    });
  }
});
