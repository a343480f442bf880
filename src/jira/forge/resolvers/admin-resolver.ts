import { randomUUID } from 'node:crypto';
import { adminHandlers } from '../../pages/admin/admin-handlers';
import { defineResolvers } from '../define-resolvers';
import { pushCheckInUrl, reconcileQueue, userDeps } from '../forge-ports';

/**
 * jira:adminPage `keyrank-admin` → function `admin-resolver`. Jira shows the page to admins,
 * but Forge lets anyone call its resolver: each one checks its permission as the user first
 * (ADMINISTER; a check-in also admits the setting's `checkInGroups`).
 */
export const adminResolver = defineResolvers(
  adminHandlers(reconcileQueue, randomUUID, pushCheckInUrl),
  userDeps,
);
