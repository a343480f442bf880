import { defineResolvers } from '../../resolvers/define-resolvers.js';
import { projectHandlers } from '../../resolvers/project-resolvers.js';
import { userDeps } from '../forge-ports.js';

/** jira:projectPage `keyrank-project` → function `project-resolver`. */
export const projectResolver = defineResolvers(projectHandlers(userDeps));
