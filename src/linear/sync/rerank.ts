import { plan, type Move, type Okrs, type Settings } from '../../core/index';
import { sortOrdersForMoves } from '../../core/sort-order';
import type { Mutation } from '../api/mutations';
import { describeRefusal, writeInBatches } from '../api/write-in-batches';
import { readTeamBacklog, type BacklogIssue } from '../read/team-backlog';
import type { RerankMarks } from '../store/rerank-marks';
import type { OwnSortOrders } from './own-sort-orders';
import type { SyncContext } from './sync-context';
import type { TeamSuggesters } from './team-suggesters';

export interface RerankContext extends SyncContext {
  reranks: RerankMarks;
  /** Sort orders Keyrank wrote, by issue id: their echoes are not a reason to re-rank. */
  ownSortOrders: OwnSortOrders;
  /** Refreshed from the backlog read, for the events that follow (it costs no request). */
  suggesters: TeamSuggesters;
}

export interface RankChange {
  moves: number;
  /** Issue id → new sortOrder: only the moved issues (and a rare neighbour out of float room). */
  sortOrders: Map<string, number>;
  /** The same sort orders as mutations, each naming its issue. */
  mutations: Mutation[];
}

/**
 * Re-ranks one team: its backlog read as Linear holds it now, the core's fewest moves, and
 * only the moved issues' `sortOrder` written, in batches. The team's re-rank mark is cleared
 * unless it was marked again after the read began.
 */
export async function rerankTeam(ctx: RerankContext, teamId: string): Promise<void> {
  const { api, reranks, okrs, settings, log, today, ownSortOrders } = ctx;
  const readAt = ctx.now();
  const backlog = await readTeamBacklog(api, teamId, settings);
  ctx.suggesters.remember(
    teamId,
    backlog.map((issue) => issue.read.snapshot),
  );
  const change = rankChange(backlog, okrs, settings, today());
  if (change.sortOrders.size === 0) {
    await reranks.unmark(teamId, readAt);
    return;
  }
  for (const [id, sortOrder] of change.sortOrders) {
    ownSortOrders.remember(id, sortOrder);
  }
  const written = await writeInBatches(api, change.mutations);
  for (const refusal of written.refused) {
    ownSortOrders.forget(String(refusal.mutation.args.id));
    log.error(`${describeRefusal(refusal)}; the other moves were written`, {
      team: teamId,
      issue: refusal.mutation.target,
    });
  }
  await reranks.unmark(teamId, readAt);
  log.info('re-ranked', {
    team: teamId,
    moves: change.moves,
    issuesWritten: change.sortOrders.size - written.refused.length,
    requests: written.requests,
  });
}

/** The core's fewest moves for a backlog, as new `sortOrder` values between neighbours. */
function rankChange(
  backlog: readonly BacklogIssue[],
  okrs: Okrs,
  settings: Settings,
  asOf: string,
): RankChange {
  const result = plan({
    okrs,
    issues: backlog.map((issue) => issue.read.snapshot),
    settings,
    asOf,
  });
  return { moves: result.moves.length, ...sortOrderWrites(backlog, result.moves) };
}

/** The `sortOrder` writes that carry out `moves` in a backlog, by issue id and as mutations. */
export function sortOrderWrites(
  backlog: readonly BacklogIssue[],
  moves: readonly Move[],
): Pick<RankChange, 'sortOrders' | 'mutations'> {
  const byKey = new Map(backlog.map((issue) => [issue.identifier, issue]));
  const byIdentifier = sortOrdersForMoves(
    backlog.map((issue) => ({ key: issue.identifier, sortOrder: issue.sortOrder })),
    moves,
  );
  const sortOrders = new Map<string, number>();
  const mutations: Mutation[] = [];
  for (const [identifier, sortOrder] of byIdentifier) {
    const id = byKey.get(identifier)?.id;
    if (id !== undefined) {
      sortOrders.set(id, sortOrder);
      mutations.push({
        name: 'issueUpdate',
        target: identifier,
        args: { id, input: { sortOrder } },
      });
    }
  }
  return { sortOrders, mutations };
}
