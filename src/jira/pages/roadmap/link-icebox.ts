import type { LinkIceboxPayload, LinkIceboxResult } from '../../../contract/roadmap';
import { InvalidInputError } from '../../api/errors';
import { fieldIdsOf } from '../../api/field-ids';
import type { UserDeps } from '../../deps';
import { asPermitted } from '../../forge/authorization';
import { snapshotFields, toSnapshot } from '../../read/issue-snapshot';
import { krChoices } from '../../read/kr-choices';
import { loadWorkspace } from '../../store/workspace-store';
import { syncIssue } from '../../sync/sync-issue';

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
  await asPermitted({ permission: 'EDIT_ISSUES', issue: issueKey }, () =>
    deps.user.editIssue(issueKey, { fields: { [ids.keyResults]: links } }),
  );
  const recomputed = await syncIssue(deps, issueKey);
  return {
    issueKey,
    keyResults: links,
    icebox: recomputed.done ? recomputed.decision.icebox : false,
  };
}
