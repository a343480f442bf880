import { roadmapHandlers } from '../../pages/roadmap/roadmap-handlers';
import { defineResolvers } from '../define-resolvers';
import { userDeps } from '../forge-ports';

/** jira:projectPage `keyrank-roadmap` and jira:globalPage `keyrank-roadmap-global` → `roadmap-resolver`. */
export const roadmapResolver = defineResolvers(roadmapHandlers(), userDeps);
