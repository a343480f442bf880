import { snapshotFields, toSnapshot } from '../client/issue-snapshot';
import { asPermitted } from '../authorization';
import { InvalidInputError, JiraHttpError, NotFoundError } from '../errors';
import { fieldIdsOf, type UserDeps } from '../services/jira-deps';
import { krChoices } from '../services/kr-choices';
import { recomputeIssue } from '../services/recompute-issue';
import { loadWorkspace } from '../storage/workspace-store';
import type { LinkIceboxPayload, LinkIceboxResult } from '../../shared/roadmap-contract';

/**
 * "Link to KR" from the Icebox: adds one active key result to the issue's links as the user
 * (Jira enforces "Edit issues"; the resolver checked it first), keeping the links it has,
 * then recomputes its score and icebox label as the app — which takes the label off.
 */
export async function linkIcebox(
  deps: UserDeps,
  payload: LinkIceboxPayload,
): Promise<LinkIceboxResult> {
  const { issueKey, krId } = payload;
  const workspace = await loadWorkspace(deps.store);
  const active = krChoices(workspace.okrs, deps.today()).map((c) => c.id);
  if (!active.includes(krId)) {
    throw new InvalidInputError(`${krId} is not a key result of an active objective`, [
      `choose one of ${active.join(', ') || '(none — import an OKR file first)'}`,
    ]);
  }
  const ids = await fieldIdsOf(deps.app);
  const jira = toSnapshot(await deps.user.getIssue(issueKey, snapshotFields(ids)), ids);
  const links = [...new Set([...jira.snapshot.keyResults, krId])];
  try {
    await asPermitted({ permission: 'EDIT_ISSUES', issue: issueKey }, () =>
      deps.user.editIssue(issueKey, { fields: { [ids.keyResults]: links } }),
    );
  } catch (error) {
    if (error instanceof JiraHttpError && error.status === 404) {
      throw new NotFoundError(`${issueKey} does not exist or you cannot see it`);
    }
    throw error;
  }
  const recomputed = await recomputeIssue(deps, issueKey);
  return {
    issueKey,
    keyResults: links,
    icebox: recomputed.done ? recomputed.decision.icebox : false,
  };
}
