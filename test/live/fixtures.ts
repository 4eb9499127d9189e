// A small organization exercising every collection the reader normalizes.
import {
  assigned,
  certificate,
  projectUser,
  rateLimit,
  role,
  user,
  wireProject,
  type FakeOrg,
} from './fake-api.js';

export function richOrg(): FakeOrg {
  return {
    users: [
      user('user-ada', 'Ada@Example.com', 'owner'),
      user('user-grace', 'grace@example.com', 'reader', { is_scim_managed: true }),
      user('user-bot', 'bot@example.com', 'reader', { is_service_account: true }),
    ],
    invites: [
      {
        object: 'organization.invite',
        id: 'invite-old',
        email: 'Linus@example.com',
        role: 'reader',
        status: 'expired',
        created_at: 1,
        expires_at: 5,
        projects: [],
      },
      {
        object: 'organization.invite',
        id: 'invite-linus',
        email: 'linus@example.com',
        role: 'reader',
        status: 'pending',
        created_at: 2,
        expires_at: 1_900_000_000,
        projects: [{ id: 'proj_search', role: 'member' }],
      },
      {
        object: 'organization.invite',
        id: 'invite-done',
        email: 'grace@example.com',
        role: 'reader',
        status: 'accepted',
        created_at: 0,
        projects: [],
      },
    ],
    roles: [
      role('role-billing', 'Billing Viewer', false, ['b.read', 'a.read']),
      role('role-api-organization-owner', 'Owner', true),
    ],
    userRoles: {
      'user-ada': [assigned('role-api-organization-owner__org_1', 'Owner', true), assigned('role-billing', 'Billing Viewer')],
      'user-grace': [],
    },
    groups: [
      {
        group: { id: 'group-ml', name: 'ml-platform', created_at: 1, is_scim_managed: false, group_type: 'group' },
        // Group users may come without an email: resolved through the org users.
        users: [
          { id: 'user-grace', name: 'Grace', email: null },
          { id: 'user-ada', name: 'Ada', email: 'ADA@example.com' },
        ],
        roles: [assigned('role-billing', 'Billing Viewer')],
      },
    ],
    certificates: [certificate('cert-1', 'corp-mtls', true, 'PEM'), certificate('cert-2', null, false)],
    adminKeys: [],
    projects: [
      {
        project: { ...wireProject('proj_search', 'search'), external_key_id: 'ek', residency: 'EU_STORAGE_PROCESSING' },
        users: [projectUser('user-ada', 'ada@example.com', 'owner'), projectUser('user-grace', null)],
        userRoles: {
          'user-ada': [
            assigned('role-api-project-owner__api-project__proj_search', 'Owner', true),
            assigned('role-deployer', 'Deployer'),
          ],
          'user-grace': [assigned('role-api-project-member__api-project__proj_search', 'Member', true)],
        },
        groups: [
          {
            group: {
              object: 'project.group',
              project_id: 'proj_search',
              group_id: 'group-ml',
              group_name: 'ml-platform',
              group_type: 'group',
              created_at: 1,
            },
            roles: [
              assigned('role-api-project-owner__api-project__proj_search', 'Owner', true),
              assigned('role-deployer', 'Deployer'),
            ],
          },
        ],
        roles: [
          { ...role('role-deployer', 'Deployer', false, ['api.model.request']), resource_type: 'api.project' },
          { ...role('role-api-project-owner', 'Owner', true), resource_type: 'api.project' },
        ],
        serviceAccounts: [
          { object: 'organization.project.service_account', id: 'svc-1', name: 'indexer', role: 'member', created_at: 3 },
        ],
        rateLimits: [
          rateLimit('rl-1', 'gpt-4o', 500, 150000, { max_requests_per_1_day: 10000 }),
          rateLimit('rl-2', 'dall-e-3', 5, 0, { max_images_per_1_minute: 5 }),
        ],
        certificates: [certificate('cert-1', 'corp-mtls', true), certificate('cert-2', null, false)],
        apiKeys: [],
      },
      { project: wireProject('proj_old', 'legacy', 'archived'), users: [projectUser('user-ada', 'ada@example.com')] },
      { project: wireProject('proj_free', 'sandbox') },
    ],
  };
}
