// Governance settings in the desired model: absent is unmanaged, null deletes (where the API
// can), defaults fill the spec's single-valued fields, and positions are kept.
import { describe, expect, it } from 'vitest';
import { formatProblem, loadManifests } from '../../src/manifest/index.js';

const GOVERNANCE = new URL('./fixtures/good/governance/', import.meta.url).pathname;

async function load() {
  const result = await loadManifests(GOVERNANCE);
  expect([...result.errors, ...result.warnings].map(formatProblem)).toEqual([]);
  return result.desired!.org;
}

describe('governance settings in manifests', () => {
  it('reads the organization\'s spend limit, alerts and data retention with USD/month defaults', async () => {
    const org = await load();
    expect(org.spendLimit).toEqual({ thresholdAmount: 2500000, currency: 'USD', interval: 'month', source: { file: 'org.yaml', line: 7, column: 15 } });
    expect([...org.spendAlerts!.entries()]).toEqual([
      [
        '$10,000.00 USD/month',
        {
          thresholdAmount: 1000000,
          currency: 'USD',
          interval: 'month',
          notificationChannel: { type: 'email', recipients: ['finance@example.com'], subjectPrefix: '[org]' },
          source: { file: 'org.yaml', line: 9, column: 7 },
        },
      ],
    ]);
    expect(org.dataRetention).toMatchObject({ type: 'zero_data_retention' });
  });

  it('keeps a project\'s settings, sorting model ids, and only the hosted tools named', async () => {
    const search = (await load()).projects.get('search')!;
    expect(search.spendLimit).toMatchObject({ thresholdAmount: 100000, currency: 'USD', interval: 'month' });
    expect(search.spendAlerts).toEqual(new Map());
    expect(search.modelPermissions).toMatchObject({ mode: 'allow_list', modelIds: ['gpt-4.1', 'o3'] });
    expect(search.hostedToolPermissions?.tools).toEqual({ webSearch: false, fileSearch: true });
    expect(search.dataRetention).toMatchObject({ type: 'organization_default' });
  });

  it('tells an explicit null (delete) from an absent field (unmanaged)', async () => {
    const legacy = (await load()).projects.get('legacy')!;
    expect(legacy.spendLimit).toBeNull();
    expect(legacy.modelPermissions).toBeNull();
    for (const unmanaged of ['spendAlerts', 'hostedToolPermissions', 'dataRetention'] as const) expect(legacy).not.toHaveProperty(unmanaged);
  });
});
