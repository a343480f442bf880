import { defineResolvers } from '../../resolvers/define-resolvers';
import { panelHandlers } from '../../resolvers/panel-resolvers';
import { userDeps } from '../forge-ports';

/** jira:issuePanel `keyrank-panel` → function `panel-resolver`. */
export const panelResolver = defineResolvers(panelHandlers(), userDeps);
