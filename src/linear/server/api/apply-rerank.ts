import type { ApplyRerankPayload, ApplyRerankResult } from '../../../contract/roadmap';
import { applyMoves } from '../../../core/index';
import { describeRefusal, writeInBatches } from '../../api/write-in-batches';
import { readTeamBacklog } from '../../read/team-backlog';
import { sortOrderWrites } from '../../sync/rerank';
import { ApiError } from './api-error';
import { movesOfRun, RUN_SIZE } from './rank-runs';
import type { ApiCaller, HandlerDeps } from './roadmap-api';
import { callerKey } from './team-directory';

const sameOrder = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((key, n) => key === b[n]);

/**
 * `roadmap/applyRerank`: one step of a previewed re-rank, written as the caller so Linear's
 * permissions apply. The page applies the preview's steps one by one; each first reads the
 * team's backlog and checks it is still in the order the page expects, so a backlog someone
 * reordered meanwhile is never shuffled by a stale preview. Only the moved issues' `sortOrder`
 * is written (values between the new neighbours), in one request.
 */
export async function applyRerank(
  deps: HandlerDeps,
  payload: ApplyRerankPayload,
  caller: ApiCaller,
): Promise<ApplyRerankResult> {
  const { expectedOrder, batch } = payload;
  if (batch.issues.length > RUN_SIZE) {
    throw new ApiError(
      'invalid-input',
      `a re-rank step names 1 to ${RUN_SIZE} issues and the order it expects — preview again`,
    );
  }
  const api = caller.linear;
  const { team } = await deps.teams.resolve(callerKey(caller), api, payload.projectKey);
  const backlog = await readTeamBacklog(api, team.id, deps.settings);
  const current = backlog.map((issue) => issue.identifier);
  if (!sameOrder(current, expectedOrder)) {
    throw new ApiError(
      'invalid-input',
      `the ${team.key} backlog changed since the preview — preview the re-rank again`,
    );
  }
  const moves = movesOfRun(batch);
  let order: string[];
  try {
    order = applyMoves(current, moves);
  } catch {
    throw new ApiError(
      'invalid-input',
      `this re-rank step names an issue that is not in the ${team.key} backlog — preview again`,
    );
  }
  const { sortOrders, mutations } = sortOrderWrites(backlog, moves);
  for (const [id, sortOrder] of sortOrders) {
    deps.ownSortOrders?.remember(id, sortOrder);
  }
  const written = await writeInBatches(api, mutations).catch((error: unknown) => {
    for (const id of sortOrders.keys()) {
      deps.ownSortOrders?.forget(id);
    }
    throw error;
  });
  if (written.refused.length > 0) {
    for (const refusal of written.refused) {
      deps.ownSortOrders?.forget(String(refusal.mutation.args.id));
    }
    const [first] = written.refused;
    throw new ApiError(
      'jira-error',
      `${first === undefined ? 'Linear refused a move' : describeRefusal(first)} — preview the re-rank again`,
    );
  }
  deps.log.info('re-rank step applied from the roadmap page', {
    team: team.key,
    issues: batch.issues.length,
    by: caller.kind === 'person' ? caller.userId : 'program',
  });
  return { order, rankRequests: written.requests };
}
