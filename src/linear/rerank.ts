import { plan, type Move, type Okrs, type Settings } from '../core/index';
import { sortOrdersForMoves } from '../core/sort-order';
import type { Mutation } from './mutations';
import type { BacklogIssue } from './team-backlog';

export interface RankChange {
  moves: number;
  /** Issue id → new sortOrder: only the moved issues (and a rare neighbour out of float room). */
  sortOrders: Map<string, number>;
  /** The same sort orders as mutations, each naming its issue. */
  mutations: Mutation[];
}

/** The core's fewest moves for a backlog, as new `sortOrder` values between neighbours. */
export function rankChange(
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
