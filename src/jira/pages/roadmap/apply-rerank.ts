import type {
  ApplyRerankPayload,
  ApplyRerankResult,
  RankBatchView,
} from '../../../contract/roadmap';
import { applyMoves, type Move } from '../../../core/index';
import { InvalidInputError } from '../../api/errors';
import { RANK_BATCH_SIZE } from '../../api/jira-client';
import type { UserDeps } from '../../deps';
import { asPermitted } from '../../forge/authorization';
import { backlogJql } from '../../read/read-backlog';

/** A rank call as the core's moves: the first issue at the anchor, each next after the one before. */
function movesOf(batch: RankBatchView): Move[] {
  return batch.issues.map((key, n) => {
    const previous = n > 0 ? batch.issues[n - 1] : undefined;
    if (previous !== undefined) {
      return { key, after: previous };
    }
    return 'before' in batch.anchor
      ? { key, before: batch.anchor.before }
      : { key, after: batch.anchor.after };
  });
}

const sameOrder = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((key, n) => key === b[n]);

/**
 * Sends one rank call of a previewed re-rank, as the user (the resolver checked "Schedule
 * issues" first, and Jira checks it again).
 * The page applies the preview's calls one by one to show progress; each call first checks
 * that the backlog is still in the order the page expects, so a backlog someone reordered
 * in the meantime is never shuffled by a stale preview.
 */
export async function applyRerank(
  deps: UserDeps,
  payload: ApplyRerankPayload & { projectKey: string },
): Promise<ApplyRerankResult> {
  const { projectKey, expectedOrder, batch } = payload;
  if (batch.issues.length > RANK_BATCH_SIZE) {
    throw new InvalidInputError(
      `a rank step names 1 to ${RANK_BATCH_SIZE} issues and the order it expects — preview again`,
    );
  }
  const current = (await deps.user.searchAll(backlogJql(projectKey), ['summary'])).map(
    (issue) => issue.key,
  );
  if (!sameOrder(current, expectedOrder)) {
    throw new InvalidInputError(
      `the ${projectKey} backlog changed since the preview — preview the re-rank again`,
    );
  }
  let order: string[];
  try {
    order = applyMoves(current, movesOf(batch));
  } catch {
    throw new InvalidInputError(
      `this rank step names an issue that is not in the ${projectKey} backlog — preview again`,
    );
  }
  await asPermitted({ permission: 'SCHEDULE_ISSUES', project: projectKey }, () =>
    deps.user.rankIssues(batch.issues, batch.anchor),
  );
  return { order, rankRequests: 1 };
}
