import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildManifests } from '../../src/import/index.js';
import type { LiveState, Project } from '../../src/model/types.js';

const NOW = new Date('2026-11-28T12:00:00Z');

function live(projects: [string, Project][], extra: Partial<LiveState['org']> = {}): LiveState {
  return {
    org: {
      members: new Map([
        ['ada@example.com', { email: 'ada@example.com', role: 'owner', id: 'u1' }],
        ['bob@example.com', { email: 'bob@example.com', role: 'reader', id: 'u2', roles: [] }],
      ]),
      invites: new Map(),
      projects: new Map(projects),
      ...extra,
    },
    predefinedRoles: { org: new Map(), project: new Map() },
    stats: { objects: 0, requests: 0, byRoute: {} },
  };
}

const build = (state: LiveState) => buildManifests(state, { schemaRef: () => 'schema.json', now: NOW });
const file = (result: ReturnType<typeof build>, path: string): unknown =>
  parse(result.files.find((f) => f.path === path)?.content ?? 'null');

describe('buildManifests', () => {
  it('writes owners first and leaves out empty role lists', () => {
    const result = build(live([]));
    expect(file(result, 'org.yaml')).toEqual({
      apiVersion: 'orgplane/v1',
      kind: 'Organization',
      spec: {
        members: [
          { email: 'ada@example.com', role: 'owner' },
          { email: 'bob@example.com', role: 'reader' },
        ],
      },
    });
  });

  it('skips a second project of the same name and says so', () => {
    const result = build(
      live([
        ['search', { name: 'search', status: 'active', id: 'proj_a', members: new Map() }],
        ['search#proj_b', { name: 'search', status: 'archived', id: 'proj_b' }],
      ]),
    );
    expect(result.files.filter((f) => f.path.startsWith('projects/')).map((f) => f.path)).toEqual(['projects/search.yaml']);
    expect(result.summary.skipped).toEqual(['project "search" (proj_b): another project has the same name']);
  });

  it('gives projects whose names slug alike distinct files', () => {
    const result = build(
      live([
        ['A b', { name: 'A b', status: 'active' }],
        ['a-b', { name: 'a-b', status: 'active' }],
      ]),
    );
    expect(result.files.map((f) => f.path).filter((p) => p.startsWith('projects/'))).toEqual([
      'projects/a-b.yaml',
      'projects/a-b-2.yaml',
    ]);
  });

  it('leaves out a project group that is not an organization group orgplane can name', () => {
    const result = build(
      live(
        [
          [
            'search',
            {
              name: 'search',
              status: 'active',
              groups: new Map([
                ['ml', { name: 'ml', role: 'owner', roles: [] }],
                ['tenant', { name: 'tenant', role: 'member', roles: [] }],
              ]),
            },
          ],
        ],
        { groups: new Map([['ml', { name: 'ml', members: [] }]]) },
      ),
    );
    expect((file(result, 'projects/search.yaml') as { spec: { groups: unknown } }).spec.groups).toEqual([
      { name: 'ml', role: 'owner' },
    ]);
    expect(result.summary.skipped).toEqual([
      'group "tenant" of project "search": not an organization group orgplane can name',
    ]);
  });

  it('writes every live rate-limit field and keeps no id', () => {
    const result = build(
      live([
        [
          'search',
          {
            name: 'search',
            status: 'active',
            rateLimits: new Map([
              ['o3', { model: 'o3', id: 'rl-1', maxRequestsPer1Minute: 1, maxTokensPer1Minute: 0, batch1DayMaxInputTokens: 7 }],
            ]),
          },
        ],
      ]),
    );
    expect((file(result, 'projects/search.yaml') as { spec: { rateLimits: unknown } }).spec.rateLimits).toEqual({
      o3: { maxRequestsPer1Minute: 1, maxTokensPer1Minute: 0, batch1DayMaxInputTokens: 7 },
    });
  });

  it('lowers minOwners to what the organization has, so an ownerless org still validates', () => {
    const state = live([]);
    const members = new Map([...state.org.members].map(([k, m]) => [k, { ...m, role: 'reader' as const }]));
    const result = build({ ...state, org: { ...state.org, members } });
    expect((file(result, 'policy.yaml') as { spec: { safety: { minOwners: number } } }).spec.safety.minOwners).toBe(0);
  });
});
