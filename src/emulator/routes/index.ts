// Every Admin API route the emulator serves, by area.
import type { RouteDef } from '../context.js';
import { inviteRoutes } from './invites.js';
import { projectRoutes } from './projects.js';
import { userRoutes } from './users.js';

export const API_ROUTES: readonly RouteDef[] = [...userRoutes, ...inviteRoutes, ...projectRoutes];
