import { adminHandlers } from '../../resolvers/admin-resolvers';
import { defineResolvers } from '../../resolvers/define-resolvers';
import { appDeps, reconcileQueue } from '../forge-ports';

/** jira:adminPage `keyrank-admin` → function `admin-resolver`. Jira shows it to admins only. */
export const adminResolver = defineResolvers(adminHandlers(appDeps, reconcileQueue));
