import { makeResolver } from '@forge/resolver';
import { roadmapFunctions } from '../../roadmap/register-roadmap-resolvers';
import { userDeps } from '../forge-ports';

/** jira:projectPage `keyrank-roadmap` and jira:globalPage `keyrank-roadmap-global` → `roadmap-resolver`. */
export const roadmapResolver = makeResolver(roadmapFunctions(userDeps));
