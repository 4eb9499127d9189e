// Every Admin API route the emulator serves, by area.
import type { RouteDef } from '../context.js';
import { adminKeyRoutes } from './admin-keys.js';
import { auditLogRoutes } from './audit-logs.js';
import { certificateRoutes } from './certificates.js';
import { governanceRoutes } from './governance.js';
import { groupRoutes } from './groups.js';
import { inviteRoutes } from './invites.js';
import { projectResourceRoutes } from './project-resources.js';
import { projectRoutes } from './projects.js';
import { roleRoutes } from './roles.js';
import { usageRoutes } from './usage.js';
import { userRoutes } from './users.js';

export const API_ROUTES: readonly RouteDef[] = [
  ...auditLogRoutes,
  ...adminKeyRoutes,
  ...usageRoutes,
  ...inviteRoutes,
  ...userRoutes,
  ...groupRoutes,
  ...roleRoutes,
  ...certificateRoutes,
  ...projectRoutes,
  ...projectResourceRoutes,
  ...governanceRoutes,
];
