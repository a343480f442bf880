import { plan, type Okrs, type Settings } from '../core/index';
import { sortOrdersForMoves } from '../core/sort-order';
import type { LinearApi } from './linear-api';
import { failedMutations, mutationDocument, type Mutation } from './mutations';
import type { BacklogIssue } from './team-backlog';

/** Sort-order updates per write request: large enough to batch, small enough for Linear's complexity limit. */
export const MUTATIONS_PER_REQUEST = 50;

export interface RankChange {
  moves: number;
  /** Issue id → new sortOrder: only the moved issues (and a rare neighbour out of float room). */
  sortOrders: Map<string, number>;
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
  const byKey = new Map(backlog.map((issue) => [issue.identifier, issue]));
  const byIdentifier = sortOrdersForMoves(
    backlog.map((issue) => ({ key: issue.identifier, sortOrder: issue.sortOrder })),
    result.moves,
  );
  const sortOrders = new Map<string, number>();
  for (const [identifier, sortOrder] of byIdentifier) {
    const issue = byKey.get(identifier);
    if (issue !== undefined) {
      sortOrders.set(issue.id, sortOrder);
    }
  }
  return { moves: result.moves.length, sortOrders };
}

/** Writes sort orders in as few requests as the batch size allows; returns the request count. */
export async function writeSortOrders(
  api: LinearApi,
  sortOrders: ReadonlyMap<string, number>,
  onProgress?: (done: number) => void,
): Promise<number> {
  const mutations: Mutation[] = [...sortOrders].map(([id, sortOrder]) => ({
    name: 'issueUpdate',
    args: { id, input: { sortOrder } },
  }));
  return writeInBatches(api, mutations, onProgress);
}

export async function writeInBatches(
  api: LinearApi,
  mutations: readonly Mutation[],
  onProgress?: (done: number) => void,
): Promise<number> {
  let requests = 0;
  for (let start = 0; start < mutations.length; start += MUTATIONS_PER_REQUEST) {
    const slice = mutations.slice(start, start + MUTATIONS_PER_REQUEST);
    const document = mutationDocument(slice);
    const result = await api.write<Record<string, { success?: boolean } | null>>(
      document.query,
      document.variables,
    );
    requests++;
    const failed = failedMutations(result);
    if (failed.length > 0) {
      throw new Error(`Linear did not apply ${failed.length} of ${slice.length} changes`);
    }
    onProgress?.(Math.min(mutations.length, start + slice.length));
  }
  return requests;
}
