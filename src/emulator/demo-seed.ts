// The small demo organization the emulator starts with when no seed is given.
import { newSecret } from './ids.js';
import type { EmulatorSeed } from './seed-types.js';

const DAY = 24 * 3600;

/** A fresh demo org (timestamps relative to `now`, Unix seconds); the admin key is generated unless given (demo-only, printed by the CLI). */
export function demoSeed(now = Math.floor(Date.now() / 1000), adminKey = newSecret('admin')): EmulatorSeed {
  const t0 = now - 90 * DAY;
  return {
    organization: { name: 'Acme Research (emulated)' },
    users: [
      { email: 'ada@acme.test', name: 'Ada Lovelace', role: 'owner', added_at: t0 },
      { email: 'grace@acme.test', name: 'Grace Hopper', role: 'owner', added_at: t0 + DAY },
      { email: 'alan@acme.test', name: 'Alan Turing', role: 'reader', added_at: t0 + 2 * DAY },
      { email: 'katherine@acme.test', name: 'Katherine Johnson', role: 'reader', added_at: t0 + 3 * DAY },
      { email: 'linus@acme.test', name: 'Linus Torvalds', role: 'reader', added_at: t0 + 4 * DAY, is_scim_managed: true },
      { email: 'margaret@acme.test', name: 'Margaret Hamilton', role: 'reader', added_at: t0 + 5 * DAY },
    ],
    admin_keys: [{ name: 'orgplane demo', value: adminKey, owner: 'ada@acme.test', created_at: t0 }],
    groups: [
      { name: 'ml-platform', created_at: t0 + 6 * DAY, users: ['alan@acme.test', 'katherine@acme.test'] },
    ],
    projects: [
      {
        name: 'Research',
        created_at: t0 + 7 * DAY,
        users: [
          { user: 'ada@acme.test', role: 'owner' },
          { user: 'alan@acme.test', role: 'member' },
          { user: 'katherine@acme.test', role: 'member' },
        ],
        groups: [{ group: 'ml-platform', role: 'member' }],
        service_accounts: [{ name: 'research-bot', role: 'member' }],
        rate_limits: [{ model: 'gpt-4o', max_requests_per_1_minute: 500, max_tokens_per_1_minute: 150_000 }],
      },
      {
        name: 'Support Assistant',
        created_at: t0 + 8 * DAY,
        users: [
          { user: 'grace@acme.test', role: 'owner' },
          { user: 'margaret@acme.test', role: 'member' },
        ],
        api_keys: [{ name: 'support-prod', owner: 'grace@acme.test' }],
      },
      { name: 'Old Prototype', created_at: t0 + 9 * DAY, archived_at: t0 + 30 * DAY },
    ],
    roles: [
      {
        name: 'billing-viewer',
        description: 'Reads usage and costs',
        permissions: ['api.organization.usage.read', 'api.organization.costs.read'],
        resource_type: 'api.organization',
        created_at: t0 + 10 * DAY,
      },
    ],
    role_assignments: [{ principal_type: 'user', principal: 'margaret@acme.test', role: 'billing-viewer' }],
    invites: [
      { email: 'barbara@acme.test', role: 'reader', created_at: now - DAY },
      { email: 'dennis@acme.test', role: 'reader', status: 'expired', created_at: now - 30 * DAY },
    ],
  };
}
