import { adminHandlers } from '../../resolvers/admin-resolvers.js';
import { defineResolvers } from '../../resolvers/define-resolvers.js';
import { appDeps, reconcileQueue } from '../forge-ports.js';

/** jira:adminPage `keyrank-admin` → function `admin-resolver`. Jira shows it to admins only. */
export const adminResolver = defineResolvers(adminHandlers(appDeps, reconcileQueue));
