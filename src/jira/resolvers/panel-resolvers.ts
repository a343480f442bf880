import { InvalidInputError } from '../errors';
import { getPanel, savePanel } from '../services/issue-panel';
import type { UserDeps } from '../services/jira-deps';
import type { Handlers, ResolverContext } from './define-resolvers';

/** The issue the panel shows: Forge's context wins over the payload, which the browser sends. */
function issueKeyOf(context: ResolverContext, payload: { issueKey?: unknown }): string {
  const key = context.issueKey ?? payload.issueKey;
  if (typeof key !== 'string' || key === '') {
    throw new InvalidInputError('no issue to show — open the panel from an issue');
  }
  return key;
}

export function panelHandlers(deps: () => UserDeps): Handlers<'panel/get' | 'panel/save'> {
  return {
    'panel/get': (payload, context) => getPanel(deps(), issueKeyOf(context, payload)),
    'panel/save': (payload, context) =>
      savePanel(deps(), { ...payload, issueKey: issueKeyOf(context, payload) }),
  };
}
