import { adminHandlers } from '../../pages/admin/admin-handlers';
import { defineResolvers } from '../define-resolvers';
import { reconcileQueue, userDeps } from '../forge-ports';

/**
 * jira:adminPage `keyrank-admin` → function `admin-resolver`. Jira shows the page to admins,
 * but Forge lets anyone call its resolver: each one checks ADMINISTER as the user first.
 */
export const adminResolver = defineResolvers(adminHandlers(reconcileQueue), userDeps);
