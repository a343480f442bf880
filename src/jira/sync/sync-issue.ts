import { z } from 'zod';
import { decideIssue, type IssueDecision } from '../../core/index';
import { fieldIdsOf } from '../api/field-ids';
import type { AppDeps } from '../deps';
import { snapshotFields, toSnapshot } from '../read/issue-snapshot';
import { loadWorkspace } from '../store/workspace-store';
import { applyWrites, type WriteCounts } from './apply-writes';
import { planWrites } from './write-plan';

export type SyncIssueResult =
  { done: true; decision: IssueDecision; writes: WriteCounts } | { done: false; reason: string };

/**
 * Brings one issue's score and icebox label in line (issue created/updated, panel save). Reads
 * the issue once; writes only what changed, so the app's own edits never start a loop.
 * Rank is left to `syncBacklog` and "Re-rank backlog", which see the whole backlog.
 */
export async function syncIssue(deps: AppDeps, issueKey: string): Promise<SyncIssueResult> {
  const workspace = await loadWorkspace(deps.store);
  if (workspace.okrs === null) {
    // Without OKRs every issue would look unaligned and be iceboxed: do nothing instead.
    return { done: false, reason: workspace.problems[0] ?? 'no OKR file is stored yet' };
  }
  const ids = await fieldIdsOf(deps.app);
  const jira = toSnapshot(await deps.app.getIssue(issueKey, snapshotFields(ids)), ids);
  const decision = decideIssue(jira.snapshot, workspace.okrs, workspace.settings, deps.today());
  const plan = planWrites([decision], new Map([[issueKey, jira]]), workspace.settings);
  const writes = await applyWrites(deps.app, ids.score, plan, workspace.settings.iceboxLabel);
  return { done: true, decision, writes };
}

const IssueEventSchema = z.object({ issue: z.object({ key: z.string().min(1) }).passthrough() });

/**
 * An issue was created or updated (by someone else — the manifest's `ignoreSelf` drops the
 * app's own edits). Syncs that issue; a failure is logged, never thrown, so Forge does not
 * replay the event and one bad issue never blocks the others.
 */
export async function handleIssueEvent(deps: AppDeps, event: unknown): Promise<string> {
  const parsed = IssueEventSchema.safeParse(event);
  if (!parsed.success) {
    return 'ignored: not an issue event';
  }
  const key = parsed.data.issue.key;
  try {
    const result = await syncIssue(deps, key);
    if (!result.done) {
      console.warn(`keyrank: skipped ${key}: ${result.reason}`);
      return `skipped ${key}: ${result.reason}`;
    }
    return `recomputed ${key}`;
  } catch (error) {
    const message = `could not recompute ${key}: ${error instanceof Error ? error.message : 'failed'}`;
    console.error(`keyrank: ${message}`);
    return message;
  }
}
