import { bauRule, decide, prepareKeyResults, type IssueDecision } from '../../core/index';
import { snapshotFields, toSnapshot } from '../client/issue-snapshot';
import { loadWorkspace } from '../storage/workspace-store';
import { applyWrites, type WriteCounts } from './apply-writes';
import { fieldIdsOf, type AppDeps } from './jira-deps';
import { planWrites } from './write-plan';

export type RecomputeResult =
  { done: true; decision: IssueDecision; writes: WriteCounts } | { done: false; reason: string };

/**
 * Recomputes one issue's score and icebox label (issue created/updated, panel save). Reads
 * the issue once; writes only what changed, so the app's own edits never start a loop.
 * Rank is left to the reconcile and "Re-rank backlog", which see the whole backlog.
 */
export async function recomputeIssue(deps: AppDeps, issueKey: string): Promise<RecomputeResult> {
  const workspace = await loadWorkspace(deps.store);
  if (workspace.okrs === null) {
    // Without OKRs every issue would look unaligned and be iceboxed: do nothing instead.
    return { done: false, reason: workspace.problems[0] ?? 'no OKR file is stored yet' };
  }
  const ids = await fieldIdsOf(deps.app);
  const jira = toSnapshot(await deps.app.getIssue(issueKey, snapshotFields(ids)), ids);
  const book = prepareKeyResults(workspace.okrs, deps.today(), workspace.settings.scheduleBoost);
  const decision = decide(jira.snapshot, book, bauRule(workspace.settings));
  const plan = planWrites([decision], new Map([[issueKey, jira]]), workspace.settings);
  const writes = await applyWrites(deps.app, ids.score, plan, workspace.settings.iceboxLabel);
  return { done: true, decision, writes };
}
