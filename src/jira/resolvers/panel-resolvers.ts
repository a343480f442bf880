import { READS_AS_USER } from '../authorization';
import { InvalidInputError } from '../errors';
import { getPanel, savePanel } from '../services/issue-panel';
import type { Handlers, ResolverContext } from './define-resolvers';

/** The issue the panel shows: Forge's context wins over the payload, which the browser sends. */
function issueKeyOf(context: ResolverContext, payload: { issueKey?: string | undefined }): string {
  const key = context.issueKey ?? payload.issueKey;
  if (key === undefined || key === '') {
    throw new InvalidInputError('no issue to show — open the panel from an issue');
  }
  return key;
}

export function panelHandlers(): Handlers<'panel/get' | 'panel/save'> {
  return {
    // The issue is read as the user: Jira shows it only to people who may browse it.
    'panel/get': {
      requires: () => READS_AS_USER,
      run: (payload, context, deps) => getPanel(deps, issueKeyOf(context, payload)),
    },
    'panel/save': {
      requires: (payload, context) => ({
        permission: 'EDIT_ISSUES',
        issue: issueKeyOf(context, payload),
      }),
      run: (payload, context, deps) =>
        savePanel(deps, { ...payload, issueKey: issueKeyOf(context, payload) }),
    },
  };
}
