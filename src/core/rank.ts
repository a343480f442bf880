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
  const fixed = new Uint8Array(items.length);
  const tiers = new Uint8Array(items.length);
  const scores = new Float64Array(items.length);
  items.forEach((item, index) => {
    fixed[index] = item.fixed ? 1 : 0;
    tiers[index] = item.tier;
    scores[index] = item.score;
  });
  return rankedPositions({ fixed, tiers, scores });
}

/** A backlog as `RankItem` fields in flat arrays, index by index: what ranking reads. */
export interface RankColumns {
  /** 1: BAU or started, stays at its index. */
  fixed: Uint8Array;
  tiers: Uint8Array;
  scores: Float64Array;
}

/**
 * `rankedIndices` over columns, for a caller ranking 100,000 issues without an object for each.
 */
export function rankedPositions({ fixed, tiers, scores }: RankColumns): number[] {
  // Tiers 1 and 2 keep their current order, so only scored work needs a sort.
  const scored: number[] = [];
  const unscored: number[] = [];
  const iceboxed: number[] = [];
  for (let index = 0; index < fixed.length; index++) {
    if (fixed[index] === 0) {
      const tier = tiers[index];
      (tier === 0 ? scored : tier === 1 ? unscored : iceboxed).push(index);
    }
  }
  scored.sort((a, b) => {
    // A sign, not the difference: a fractional result is boxed on each of a million calls.
    const difference = (scores[b] as number) - (scores[a] as number);
    return difference > 0 ? 1 : difference < 0 ? -1 : a - b;
  });
  const movable = scored.concat(unscored, iceboxed);
  const order = new Array<number>(fixed.length);
  let next = 0;
  for (let index = 0; index < fixed.length; index++) {
    order[index] = fixed[index] === 1 ? index : (movable[next++] as number);
  }
  return order;
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
  const position = new Map<string, number>();
  const targetFixed = new Uint8Array(target.length);
  target.forEach((key, index) => {
    position.set(key, index);
    targetFixed[index] = isFixed(key) ? 1 : 0;
  });
  const at = new Int32Array(current.length);
  const currentFixed = new Uint8Array(current.length);
  current.forEach((key, index) => {
    const p = position.get(key) ?? -1;
    at[index] = p;
    currentFixed[index] = p >= 0 ? (targetFixed[p] as number) : isFixed(key) ? 1 : 0;
  });
  return fewestMovesAt({ target, targetFixed, current: at, currentFixed });
}

/** `fewestMoves` with the current order given as positions in the target (−1: not in it). */
export interface MovesInput {
  target: readonly string[];
  /** 1 where the target's key at that position is fixed. */
  targetFixed: Uint8Array;
  /** current[i]: the target position of the key now at i, or −1. */
  current: Int32Array;
  /** 1 where the key now at i is fixed. */
  currentFixed: Uint8Array;
}

/** `fewestMoves` over positions, for a caller that already has them: no lookups by key. */
export function fewestMovesAt({ target, targetFixed, current, currentFixed }: MovesInput): Move[] {
  /** The fixed keys before each non-fixed target position: its segment. */
  const targetSegment = new Int32Array(target.length);
  let segment = 0;
  for (let p = 0; p < target.length; p++) {
    if (targetFixed[p] === 1) {
      segment++;
    } else {
      targetSegment[p] = segment;
    }
  }

  const stays = new Uint8Array(target.length);
  segment = 0;
  let run: number[] = [];
  const closeSegment = (): void => {
    for (const p of longestIncreasing(run)) {
      stays[p] = 1;
    }
    run = [];
  };
  for (let i = 0; i < current.length; i++) {
    const p = current[i] as number;
    if (currentFixed[i] === 1) {
      if (p >= 0) {
        stays[p] = 1;
      }
      closeSegment();
      segment++;
    } else if (p >= 0 && targetFixed[p] === 0 && targetSegment[p] === segment) {
      run.push(p);
    }
  }
  closeSegment();

  const firstStaying = stays.indexOf(1);
  const moves: Move[] = [];
  for (let p = 0; p < target.length; p++) {
    if (stays[p] === 1) {
      continue;
    }
    const key = target[p] as string;
    if (p > 0) {
      moves.push({ key, after: target[p - 1] as string });
    } else if (firstStaying >= 0) {
      moves.push({ key, before: target[firstStaying] as string });
    }
  }
  return moves;
}

/** Longest strictly increasing subsequence of `values` (patience sorting, n log n). */
function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = [];
  const previous = new Int32Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    previous[i] = lo > 0 ? (tails[lo - 1] as number) : -1;
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails.at(-1) ?? -1; i >= 0; i = previous[i] as number) {
    out.push(values[i] as number);
  }
  return out;
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
