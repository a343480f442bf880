import { round2, type IssueDecision } from '../../core/index';
import type { BacklogRow, ProjectData, RerankResult } from '../../shared/contract';
import { StorageCorruptError } from '../errors';
import type { UserDeps } from './jira-deps';
import { planBacklog, reconcileProject } from './reconcile-project';

function rowOf(d: IssueDecision): BacklogRow {
  return {
    key: d.issue.key,
    title: d.issue.title,
    score: d.score === null ? null : round2(d.score),
    explanation: d.explanation,
    keyResults: d.keyResults.map((s) => s.kr.id),
    icebox: d.icebox,
    iceboxReason: d.iceboxReason,
    bau: d.bau,
  };
}

/** The project page: the backlog as the user can see it, ranked by score, without writing. */
export async function getProject(deps: UserDeps, projectKey: string): Promise<ProjectData> {
  const planned = await planBacklog(deps, deps.user, deps.app, projectKey);
  if (planned.plan === null) {
    throw new StorageCorruptError(
      'Keyrank has no usable OKR file — an admin can import one on the Keyrank OKRs page',
      planned.workspace.problems,
    );
  }
  const rows = planned.plan.issues.map(rowOf);
  return {
    projectKey,
    backlog: rows.filter((r) => !r.icebox),
    icebox: rows.filter((r) => r.icebox),
    capacity: planned.plan.capacity.map((c) => ({
      sprint: c.sprint,
      okr: c.okr,
      bau: c.bau,
      unaligned: c.unaligned,
      warnings: c.warnings.map((w) => w.message),
    })),
    pendingMoves: planned.plan.moves.length,
  };
}

/** "Re-rank backlog": Rank writes only, the fewest moves, as the user (Jira checks "Schedule issues"). */
export async function rerank(deps: UserDeps, projectKey: string): Promise<RerankResult> {
  const result = await reconcileProject(deps, projectKey, 'rank-only', deps.user);
  if (result.skipped !== null) {
    throw new StorageCorruptError(`nothing was re-ranked: ${result.skipped}`);
  }
  return { moves: result.moves, rankRequests: result.writes.rankRequests };
}
