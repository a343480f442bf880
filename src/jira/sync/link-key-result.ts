import { InvalidInputError } from '../api/errors';
import { fieldIdsOf } from '../api/field-ids';
import type { UserDeps } from '../deps';
import { asPermitted } from '../forge/authorization';
import { snapshotFields, toSnapshot } from '../read/issue-snapshot';
import { krChoices } from '../read/kr-choices';
import { loadWorkspace } from '../store/workspace-store';
import { syncIssue, type SyncIssueResult } from './sync-issue';

export interface LinkedKeyResult {
  /** The issue's key results after the link. */
  keyResults: string[];
  recomputed: SyncIssueResult;
}

/**
 * Adds one active key result to an issue's links as the user (Jira enforces "Edit issues";
 * the resolver checked it first), keeping the links it has, then recomputes its score and
 * icebox label as the app — which takes the label off. The panel's "Link to O1-KR2" and the
 * roadmap's Icebox links both come here. Costs 2 reads and 1 write as the user, then
 * `syncIssue`'s 1 read and at most 2 writes as the app.
 */
export async function linkKeyResult(
  deps: UserDeps,
  issueKey: string,
  krId: string,
): Promise<LinkedKeyResult> {
  const workspace = await loadWorkspace(deps.store);
  const active = krChoices(workspace.okrs, deps.today()).map((c) => c.id);
  if (!active.includes(krId)) {
    throw new InvalidInputError(`${krId} is not a key result of an active objective`, [
      `choose one of ${active.join(', ') || '(none — import an OKR file first)'}`,
    ]);
  }
  const ids = await fieldIdsOf(deps.app);
  const requirement = { permission: 'EDIT_ISSUES', issue: issueKey } as const;
  const jira = toSnapshot(
    await asPermitted(requirement, () => deps.user.getIssue(issueKey, snapshotFields(ids))),
    ids,
  );
  const keyResults = [...new Set([...jira.snapshot.keyResults, krId])];
  await asPermitted(requirement, () =>
    deps.user.editIssue(issueKey, { fields: { [ids.keyResults]: keyResults } }),
  );
  return { keyResults, recomputed: await syncIssue(deps, issueKey) };
}
