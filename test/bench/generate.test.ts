import { describe, expect, it } from 'vitest';
import { driftOrg, fewPercent, generateOrg, SIZES, THOUSAND_CHANGES, type OrgSize } from '../../src/bench/generate.js';
import { createRandom } from '../../src/bench/random.js';
import { toManifests } from '../../src/bench/to-manifests.js';
import { toSeed } from '../../src/bench/to-seed.js';

const tiny: OrgSize = { name: 'small', people: 40, projects: 4 };

describe('createRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = createRandom(1);
    const b = createRandom(1);
    const c = createRandom(2);
    const first = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(first);
    expect(c.next()).not.toBe(first[0]);
  });

  it('samples distinct items, never more than there are', () => {
    const random = createRandom(3);
    const picked = random.sample([1, 2, 3, 4, 5], 3);
    expect(new Set(picked).size).toBe(3);
    expect(random.sample([1, 2], 5).sort()).toEqual([1, 2]);
  });
});

describe('generateOrg', () => {
  it('builds the same org for the same size and seed', () => {
    expect(generateOrg(tiny)).toEqual(generateOrg(tiny));
    expect(generateOrg(tiny, 1)).not.toEqual(generateOrg(tiny, 2));
  });

  it('keeps the proportions of the brief at the medium size', () => {
    const org = generateOrg(SIZES.medium);
    expect(org.people).toHaveLength(1000);
    expect(org.projects).toHaveLength(100);
    expect(org.groups).toHaveLength(50); // one per 20 people
    for (const project of org.projects) {
      expect(project.members.length).toBeGreaterThanOrEqual(3);
      expect(project.members.length).toBeLessThanOrEqual(10);
      expect(project.serviceAccounts.length).toBeGreaterThanOrEqual(1);
      expect(project.serviceAccounts.length).toBeLessThanOrEqual(3);
      const limits = Object.keys(project.rateLimits).length;
      expect(limits).toBeGreaterThanOrEqual(2);
      expect(limits).toBeLessThanOrEqual(4);
      expect(project.members.filter((m) => m.role === 'owner').length).toBeLessThanOrEqual(3);
    }
  });
});

describe('driftOrg', () => {
  it('never changes the org it is given', () => {
    const org = generateOrg(tiny);
    const copy = structuredClone(org);
    driftOrg(org, fewPercent(tiny));
    expect(org).toEqual(copy);
  });

  it('adds new people, removes project members and changes rate limits', () => {
    const org = generateOrg(SIZES.medium);
    const drifted = driftOrg(org, THOUSAND_CHANGES);
    expect(drifted.people.length - org.people.length).toBe(THOUSAND_CHANGES.newPeople);
    const members = (o: typeof org): number => o.projects.reduce((n, p) => n + p.members.length, 0);
    expect(members(org) - members(drifted)).toBe(THOUSAND_CHANGES.removedProjectMembers);
    let changedLimits = 0;
    org.projects.forEach((project, i) => {
      for (const [model, limit] of Object.entries(project.rateLimits)) {
        if (drifted.projects[i]?.rateLimits[model]?.maxRequestsPer1Minute !== limit.maxRequestsPer1Minute) changedLimits += 1;
      }
    });
    expect(changedLimits).toBe(THOUSAND_CHANGES.changedRateLimits);
  });

  it('never gives a project more than three owners (the policy rule)', () => {
    const drifted = driftOrg(generateOrg(SIZES.medium), THOUSAND_CHANGES);
    for (const project of drifted.projects) expect(project.members.filter((m) => m.role === 'owner').length).toBeLessThanOrEqual(3);
  });
});

describe('toSeed and toManifests', () => {
  it('seeds every person, group, project and custom role', () => {
    const org = generateOrg(tiny);
    const seed = toSeed(org);
    expect(seed.users).toHaveLength(org.people.length);
    expect(seed.groups).toHaveLength(org.groups.length);
    expect(seed.projects?.map((p) => p.id)).toEqual(org.projects.map((p) => p.id));
    const projectRoles = org.projects.reduce((n, p) => n + p.roles.length, 0);
    expect(seed.roles).toHaveLength(org.orgRoles.length + projectRoles);
  });

  it('writes one file per group and per project besides org.yaml and policy.yaml', () => {
    const org = generateOrg(tiny);
    const files = toManifests(org);
    expect(files.size).toBe(2 + org.groups.length + org.projects.length);
    expect(files.get('org.yaml')).toContain('kind: Organization');
    expect(files.get(`projects/${org.projects[0]?.name ?? ''}.yaml`)).toContain('rateLimits:');
  });
});
