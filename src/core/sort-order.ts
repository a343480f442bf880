import { applyMoves, type Move } from './rank';

/**
 * Trackers that order a list by a number per item (Linear's `sortOrder`) take a move as a new
 * number between the two neighbours it lands beside. This turns the core's fewest moves into
 * those numbers, so only moved items are written.
 */

export interface Ordered {
  key: string;
  sortOrder: number;
}

/** Spacing used past either end of the list, where there is no neighbour to split. */
const END_STEP = 1;

/**
 * New sort orders for the moved keys (and, rarely, a neighbour whose gap ran out of float
 * precision), given the current list in ascending sort order. Keys absent from the result
 * keep their number.
 */
export function sortOrdersForMoves(
  current: readonly Ordered[],
  moves: readonly Move[],
): Map<string, number> {
  const valueOf = new Map(current.map((item) => [item.key, item.sortOrder]));
  const final = applyMoves(
    current.map((item) => item.key),
    moves,
  );
  const rewrite = new Set(moves.map((move) => move.key));
  const result = new Map<string, number>();

  let index = 0;
  while (index < final.length) {
    if (!rewrite.has(final[index] as string)) {
      index++;
      continue;
    }
    let start = index;
    let end = index;
    while (end + 1 < final.length && rewrite.has(final[end + 1] as string)) {
      end++;
    }
    // Widen the run over a staying neighbour whenever the gap cannot hold distinct numbers.
    for (;;) {
      const values = spread(final, start, end, valueOf);
      if (values !== null) {
        values.forEach((value, offset) => result.set(final[start + offset] as string, value));
        break;
      }
      if (start > 0) {
        start--;
      }
      if (end < final.length - 1) {
        end++;
      }
    }
    index = end + 1;
  }

  for (const [key, value] of result) {
    if (valueOf.get(key) === value) {
      result.delete(key);
    }
  }
  return result;
}

/** Evenly spaced numbers for final[start..end] strictly between its outer neighbours, or null. */
function spread(
  final: readonly string[],
  start: number,
  end: number,
  valueOf: ReadonlyMap<string, number>,
): number[] | null {
  const count = end - start + 1;
  const lo = start > 0 ? valueOf.get(final[start - 1] as string) : undefined;
  const hi = end < final.length - 1 ? valueOf.get(final[end + 1] as string) : undefined;
  const values: number[] = [];
  if (lo === undefined && hi === undefined) {
    for (let i = 0; i < count; i++) {
      values.push(i * END_STEP);
    }
    return values;
  }
  if (lo === undefined) {
    for (let i = 0; i < count; i++) {
      values.push((hi as number) - (count - i) * END_STEP);
    }
  } else if (hi === undefined) {
    for (let i = 0; i < count; i++) {
      values.push(lo + (i + 1) * END_STEP);
    }
  } else {
    const step = (hi - lo) / (count + 1);
    for (let i = 0; i < count; i++) {
      values.push(lo + step * (i + 1));
    }
  }
  const bounded = [lo ?? -Infinity, ...values, hi ?? Infinity];
  for (let i = 1; i < bounded.length; i++) {
    if (!((bounded[i] as number) > (bounded[i - 1] as number))) {
      return null;
    }
  }
  return values;
}
