import { panelHandlers } from '../../pages/panel/panel-handlers';
import { defineResolvers } from '../define-resolvers';
import { userDeps } from '../forge-ports';

/** jira:issuePanel `keyrank-panel` → function `panel-resolver`. */
export const panelResolver = defineResolvers(panelHandlers(), userDeps);
