import { defineResolvers } from '../../resolvers/define-resolvers';
import { projectHandlers } from '../../resolvers/project-resolvers';
import { userDeps } from '../forge-ports';

/** jira:projectPage `keyrank-project` → function `project-resolver`. */
export const projectResolver = defineResolvers(projectHandlers(userDeps));
