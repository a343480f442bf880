import type { PageKey } from '../../../contract/resolvers';
import { InvalidInputError } from '../../api/errors';
import { READS_AS_USER } from '../../forge/authorization';
import type { Handlers, ResolverContext } from '../../forge/define-resolvers';
import { getPanel, linkSuggestion, savePanel } from './panel-service';

/** The issue the panel shows: Forge's context wins over the payload, which the browser sends. */
function issueKeyOf(context: ResolverContext, payload: { issueKey?: string | undefined }): string {
  const key = context.issueKey ?? payload.issueKey;
  if (key === undefined || key === '') {
    throw new InvalidInputError('no issue to show — open the panel from an issue');
  }
  return key;
}

export function panelHandlers(): Handlers<PageKey<'panel'>> {
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
    // One click on a suggestion: the same permission as saving, the write as the user.
    'panel/linkSuggestion': {
      requires: (payload, context) => ({
        permission: 'EDIT_ISSUES',
        issue: issueKeyOf(context, payload),
      }),
      run: (payload, context, deps) =>
        linkSuggestion(deps, issueKeyOf(context, payload), payload.krId),
    },
  };
}
