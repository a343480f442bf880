/**
 * Backlog ranking. Only scored work moves: BAU and started issues keep their positions, the
 * rest fill the remaining slots by score. The change is the fewest moves that get there.
 */

export interface RankItem {
  key: string;
  /** BAU or started: stays at its index. */
  fixed: boolean;
  /** 0 scored, 1 no score yet, 2 iceboxed. */
  tier: 0 | 1 | 2;
  /** Compared within tier 0 only, highest first. */
  score: number;
}

export type Move = { key: string; before: string } | { key: string; after: string };

/** The new order: fixed items at their indices; the others by tier, score, then current order. */
export function rankedOrder(items: readonly RankItem[]): string[] {
  return rankedIndices(items).map((index) => (items[index] as RankItem).key);
}

/** `rankedOrder` as indices into `items`: the new order without a lookup by key. */
export function rankedIndices(items: readonly RankItem[]): number[] {
  // Tiers 1 and 2 keep their current order, so only scored work needs a sort.
  const scored: number[] = [];
  const unscored: number[] = [];
  const iceboxed: number[] = [];
  const scores = new Float64Array(items.length);
  items.forEach((item, index) => {
    if (!item.fixed) {
      (item.tier === 0 ? scored : item.tier === 1 ? unscored : iceboxed).push(index);
      scores[index] = item.score;
    }
  });
  scored.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  const movable = scored.concat(unscored, iceboxed);
  let next = 0;
  return items.map((item, index) => (item.fixed ? index : (movable[next++] ?? index)));
}

/**
 * The fewest "move X before/after Y" steps that turn `current` into `target`, never moving a
 * fixed key. The keys that stay are the fixed ones plus, between each pair of fixed
 * neighbours, the longest run that is in the same relative order in both lists (an LIS).
 * Each move names a neighbour that is already in its final place when the move is applied.
 */
export function fewestMoves(
  current: readonly string[],
  target: readonly string[],
  isFixed: (key: string) => boolean,
): Move[] {
  const targetIndex = new Map<string, number>();
  const targetSegment = new Map<string, number>();
  let segment = 0;
  target.forEach((key, index) => {
    targetIndex.set(key, index);
    if (isFixed(key)) {
      segment++;
    } else {
      targetSegment.set(key, segment);
    }
  });

  const stays = new Set<string>();
  segment = 0;
  let run: string[] = [];
  const closeSegment = (): void => {
    for (const key of longestIncreasing(run, (key) => targetIndex.get(key) ?? 0)) {
      stays.add(key);
    }
    run = [];
  };
  for (const key of current) {
    if (isFixed(key)) {
      stays.add(key);
      closeSegment();
      segment++;
    } else if (targetSegment.get(key) === segment) {
      run.push(key);
    }
  }
  closeSegment();

  const firstStaying = target.find((key) => stays.has(key));
  const moves: Move[] = [];
  target.forEach((key, index) => {
    if (stays.has(key)) {
      return;
    }
    const previous = index > 0 ? target[index - 1] : undefined;
    if (previous !== undefined) {
      moves.push({ key, after: previous });
    } else if (firstStaying !== undefined) {
      moves.push({ key, before: firstStaying });
    }
  });
  return moves;
}

/** Longest subsequence of `keys` whose values strictly increase (patience sorting, n log n). */
function longestIncreasing(keys: readonly string[], valueOf: (key: string) => number): string[] {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(keys.length).fill(-1);
  const values = keys.map(valueOf);
  for (let i = 0; i < keys.length; i++) {
    const value = values[i] ?? 0;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] ?? 0] ?? 0) < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    previous[i] = lo > 0 ? (tails[lo - 1] ?? -1) : -1;
    tails[lo] = i;
  }
  const out: string[] = [];
  for (let i = tails.at(-1) ?? -1; i >= 0; i = previous[i] ?? -1) {
    out.push(keys[i] ?? '');
  }
  return out.reverse();
}

/** Applies moves in sequence, as a tracker would; for previews, tests and sort-order math. */
export function applyMoves(order: readonly string[], moves: readonly Move[]): string[] {
  const list = [...order];
  for (const move of moves) {
    const from = list.indexOf(move.key);
    if (from < 0) {
      throw new UnknownIssueInMoveError(move.key);
    }
    list.splice(from, 1);
    const anchorKey = 'before' in move ? move.before : move.after;
    const anchor = list.indexOf(anchorKey);
    if (anchor < 0) {
      throw new UnknownIssueInMoveError(anchorKey);
    }
    list.splice('before' in move ? anchor : anchor + 1, 0, move.key);
  }
  return list;
}

export class UnknownIssueInMoveError extends Error {
  constructor(readonly key: string) {
    super(`a move names ${key}, which is not in the backlog`);
    this.name = 'UnknownIssueInMoveError';
  }
}
