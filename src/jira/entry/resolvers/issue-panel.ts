import { defineResolvers } from '../../resolvers/define-resolvers.js';
import { panelHandlers } from '../../resolvers/panel-resolvers.js';
import { userDeps } from '../forge-ports.js';

/** jira:issuePanel `keyrank-panel` → function `panel-resolver`. */
export const panelResolver = defineResolvers(panelHandlers(userDeps));
