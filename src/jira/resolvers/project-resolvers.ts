import { InvalidInputError } from '../errors';
import type { UserDeps } from '../services/jira-deps';
import { getProject, rerank } from '../services/project-page';
import type { Handlers, ResolverContext } from './define-resolvers';

function projectKeyOf(context: ResolverContext, payload: { projectKey?: unknown }): string {
  const key = context.projectKey ?? payload.projectKey;
  if (typeof key !== 'string' || key === '') {
    throw new InvalidInputError('no project to show — open the page from a project');
  }
  return key;
}

export function projectHandlers(deps: () => UserDeps): Handlers<'project/get' | 'project/rerank'> {
  return {
    'project/get': (payload, context) => getProject(deps(), projectKeyOf(context, payload)),
    'project/rerank': (payload, context) => rerank(deps(), projectKeyOf(context, payload)),
  };
}
