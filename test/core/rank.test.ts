import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyMoves,
  fewestMoves,
  rankedOrder,
  UnknownIssueInMoveError,
  type Move,
  type RankItem,
} from '../../src/core/rank';

/** `'F'` fixed; `'S5'` scored 5; `'N'` no score yet; `'I'` iceboxed. Keys are A, B, C, … */
function items(spec: string): RankItem[] {
  return spec
    .split(' ')
    .filter((token) => token !== '')
    .map((token, i) => {
      const key = String.fromCharCode(65 + i);
      if (token === 'F') {
        return { key, fixed: true, tier: 0, score: 0 };
      }
      if (token === 'N') {
        return { key, fixed: false, tier: 1, score: 0 };
      }
      if (token === 'I') {
        return { key, fixed: false, tier: 2, score: 0 };
      }
      return { key, fixed: false, tier: 0, score: Number(token.slice(1)) };
    });
}

const keys = (text: string): string[] => text.split(' ').filter((k) => k !== '');

describe('rankedOrder', () => {
  const cases: { name: string; items: RankItem[]; expected: string[] }[] = [
    { name: 'an empty backlog', items: [], expected: [] },
    { name: 'one issue', items: items('S3'), expected: keys('A') },
    { name: 'score descending', items: items('S1 S3 S2'), expected: keys('B C A') },
    {
      name: 'ties keep their current order',
      items: items('S2 S5 S2 S5'),
      expected: keys('B D A C'),
    },
    {
      name: 'scored, then no score yet, then iceboxed',
      items: items('I N S1 N I S0'),
      expected: keys('C F B D A E'),
    },
    {
      name: 'a score of 0 still outranks no score',
      items: items('N S0'),
      expected: keys('B A'),
    },
    {
      name: 'fixed issues keep their indices; the rest fill the free slots',
      items: items('S1 F S5 F S3'),
      expected: keys('C B E D A'),
    },
    {
      name: 'a fixed issue at either end stays there',
      items: items('F N S2 F'),
      expected: keys('A C B D'),
    },
    { name: 'all fixed: nothing changes', items: items('F F F'), expected: keys('A B C') },
    { name: 'already in order', items: items('S9 F S4 N I'), expected: keys('A B C D E') },
    {
      name: 'fractional scores compare exactly (no rounding before comparing)',
      items: [
        { key: 'A', fixed: false, tier: 0, score: 10.004 },
        { key: 'B', fixed: false, tier: 0, score: 10.006 },
      ],
      expected: keys('B A'),
    },
    {
      name: 'scores are ignored outside tier 0 and for fixed issues',
      items: [
        { key: 'A', fixed: false, tier: 2, score: 1 },
        { key: 'B', fixed: false, tier: 2, score: 9 },
        { key: 'C', fixed: true, tier: 0, score: 100 },
        { key: 'D', fixed: false, tier: 1, score: 1 },
        { key: 'E', fixed: false, tier: 1, score: 9 },
      ],
      expected: keys('D E C A B'),
    },
  ];
  it.each(cases)('$name', ({ items, expected }) => {
    expect(rankedOrder(items)).toEqual(expected);
  });
});

describe('fewestMoves', () => {
  const cases: {
    name: string;
    current: string;
    target: string;
    fixed?: string;
    moves: Move[];
  }[] = [
    { name: 'an empty backlog', current: '', target: '', moves: [] },
    { name: 'already in order', current: 'A B C', target: 'A B C', moves: [] },
    {
      name: 'the last issue to the top: one "before" move',
      current: 'A B C D',
      target: 'D A B C',
      moves: [{ key: 'D', before: 'A' }],
    },
    {
      name: 'the first issue to the bottom: one "after" move',
      current: 'A B C D',
      target: 'B C D A',
      moves: [{ key: 'A', after: 'D' }],
    },
    {
      name: 'a swap of two neighbours is one move',
      current: 'A B',
      target: 'B A',
      moves: [{ key: 'A', after: 'B' }],
    },
    {
      name: 'a reversal of three keeps one in place',
      current: 'A B C',
      target: 'C B A',
      moves: [
        { key: 'B', after: 'C' },
        { key: 'A', after: 'B' },
      ],
    },
    {
      name: 'moves are listed in the new order, each after an issue already placed',
      current: 'A B C D E',
      target: 'E D A B C',
      moves: [
        { key: 'E', before: 'A' },
        { key: 'D', after: 'E' },
      ],
    },
    {
      name: 'issues that cross a fixed issue must move, even when their order agrees',
      current: 'A F B',
      target: 'B F A',
      fixed: 'F',
      moves: [
        { key: 'B', before: 'F' },
        { key: 'A', after: 'F' },
      ],
    },
    {
      name: 'a fixed issue may be the anchor but is never moved',
      current: 'F A B',
      target: 'F B A',
      fixed: 'F',
      moves: [{ key: 'A', after: 'B' }],
    },
    {
      name: 'runs are matched per segment between fixed neighbours',
      current: 'A B F C D G E',
      target: 'B A F D C G E',
      fixed: 'F G',
      moves: [
        { key: 'A', after: 'B' },
        { key: 'C', after: 'D' },
      ],
    },
    {
      name: 'only fixed issues: nothing to do',
      current: 'F G',
      target: 'F G',
      fixed: 'F G',
      moves: [],
    },
  ];
  it.each(cases)('$name', ({ current, target, fixed = '', moves }) => {
    const fixedKeys = new Set(keys(fixed));
    const result = fewestMoves(keys(current), keys(target), (key) => fixedKeys.has(key));
    expect(result).toEqual(moves);
    expect(applyMoves(keys(current), result)).toEqual(keys(target));
  });
});

describe('applyMoves', () => {
  const cases: { name: string; order: string; moves: Move[]; expected: string }[] = [
    { name: 'no moves', order: 'A B C', moves: [], expected: 'A B C' },
    { name: 'before', order: 'A B C', moves: [{ key: 'C', before: 'A' }], expected: 'C A B' },
    { name: 'after', order: 'A B C', moves: [{ key: 'A', after: 'C' }], expected: 'B C A' },
    {
      name: 'after the previous neighbour (a no-op)',
      order: 'A B C',
      moves: [{ key: 'B', after: 'A' }],
      expected: 'A B C',
    },
    {
      name: 'before the next neighbour (a no-op)',
      order: 'A B C',
      moves: [{ key: 'B', before: 'C' }],
      expected: 'A B C',
    },
    {
      name: 'in sequence: a later move anchors on an earlier one',
      order: 'A B C D',
      moves: [
        { key: 'D', before: 'A' },
        { key: 'C', after: 'D' },
      ],
      expected: 'D C A B',
    },
  ];
  it.each(cases)('$name', ({ order, moves, expected }) => {
    const input = keys(order);
    const before = [...input];
    expect(applyMoves(input, moves)).toEqual(keys(expected));
    expect(input, 'the input order is not mutated').toEqual(before);
  });

  const unknown: { name: string; moves: Move[]; key: string }[] = [
    { name: 'an unknown moved key', moves: [{ key: 'X', before: 'A' }], key: 'X' },
    { name: 'an unknown "before" anchor', moves: [{ key: 'A', before: 'X' }], key: 'X' },
    { name: 'an unknown "after" anchor', moves: [{ key: 'A', after: 'Y' }], key: 'Y' },
    {
      name: 'an unknown key in a later move',
      moves: [
        { key: 'C', before: 'A' },
        { key: 'Z', after: 'C' },
      ],
      key: 'Z',
    },
  ];
  it.each(unknown)('throws UnknownIssueInMoveError for $name', ({ moves, key }) => {
    let caught: unknown;
    try {
      applyMoves(keys('A B C'), moves);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownIssueInMoveError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as UnknownIssueInMoveError;
    expect(error.key).toBe(key);
    expect(error.name).toBe('UnknownIssueInMoveError');
    expect(error.message).toBe(`a move names ${key}, which is not in the backlog`);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties. Small backlogs (≤ 7 issues) so the brute-force oracles stay cheap.

const RUNS = { numRuns: 200 };

/** A backlog of up to `max` issues with unique keys; few distinct scores, so ties are common. */
const backlogArb = (max: number): fc.Arbitrary<RankItem[]> =>
  fc
    .array(
      fc.record({
        fixed: fc.boolean(),
        tier: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
        score: fc.integer({ min: 0, max: 4 }),
      }),
      { maxLength: max },
    )
    .map((list) => list.map((item, i) => ({ key: `K${i}`, ...item })));

/** A current order with fixed keys and any target that keeps the fixed keys at their indices. */
const reorderArb = (max: number) =>
  fc.array(fc.boolean(), { maxLength: max }).chain((fixedFlags) => {
    const current = fixedFlags.map((_, i) => `K${i}`);
    const movable = current.filter((_, i) => !fixedFlags[i]);
    return fc
      .shuffledSubarray(movable, { minLength: movable.length, maxLength: movable.length })
      .map((shuffled) => {
        let next = 0;
        const target = current.map((key, i) => (fixedFlags[i] ? key : (shuffled[next++] ?? key)));
        const fixed = new Set(current.filter((_, i) => fixedFlags[i]));
        return { current, target, fixed };
      });
  });

/**
 * Independent oracle: breadth-first search over single "move X before/after Y" steps that never
 * move a fixed key. The depth at which `target` is first reached is the fewest moves possible.
 */
function bfsFewestMoves(
  current: readonly string[],
  target: readonly string[],
  fixed: Set<string>,
): number {
  const goal = target.join(',');
  const seen = new Set([current.join(',')]);
  let frontier: string[][] = [[...current]];
  for (let depth = 0; frontier.length > 0; depth++) {
    if (frontier.some((order) => order.join(',') === goal)) {
      return depth;
    }
    const next: string[][] = [];
    for (const order of frontier) {
      for (const key of order) {
        if (fixed.has(key)) {
          continue;
        }
        const rest = order.filter((k) => k !== key);
        // Every insertion point: before rest[0], or after rest[j].
        for (let at = 0; at <= rest.length; at++) {
          const moved = [...rest.slice(0, at), key, ...rest.slice(at)];
          const id = moved.join(',');
          if (!seen.has(id)) {
            seen.add(id);
            next.push(moved);
          }
        }
      }
    }
    frontier = next;
  }
  throw new Error('target not reachable');
}

/**
 * Second oracle, by exhaustion: the largest set of movable keys that can stay put, such that
 * they together with every fixed key appear in the same relative order in both lists.
 */
function subsetFewestMoves(
  current: readonly string[],
  target: readonly string[],
  fixed: Set<string>,
): number {
  const movable = current.filter((key) => !fixed.has(key));
  let bestStay = -1;
  for (let mask = 0; mask < 1 << movable.length; mask++) {
    const stay = new Set([...fixed, ...movable.filter((_, i) => mask & (1 << i))]);
    const a = current.filter((key) => stay.has(key)).join(',');
    const b = target.filter((key) => stay.has(key)).join(',');
    if (a === b) {
      bestStay = Math.max(bestStay, stay.size);
    }
  }
  return current.length - bestStay;
}

const isFixedIn =
  (list: readonly RankItem[]) =>
  (key: string): boolean =>
    list.find((item) => item.key === key)?.fixed ?? false;

describe('rank properties', () => {
  it('the new order is a permutation of the current one', () => {
    fc.assert(
      fc.property(backlogArb(10), (list) => {
        const order = rankedOrder(list);
        expect([...order].sort()).toEqual(list.map((item) => item.key).sort());
      }),
      RUNS,
    );
  });

  it('fixed (BAU/started) issues keep their indices', () => {
    fc.assert(
      fc.property(backlogArb(10), (list) => {
        const order = rankedOrder(list);
        list.forEach((item, i) => {
          if (item.fixed) {
            expect(order[i]).toBe(item.key);
          }
        });
      }),
      RUNS,
    );
  });

  it('the free slots hold score descending, then no score, then iceboxed; ties keep current order', () => {
    fc.assert(
      fc.property(backlogArb(10), (list) => {
        const byKey = new Map(list.map((item, i) => [item.key, { ...item, index: i }]));
        const movable = rankedOrder(list)
          .map((key) => byKey.get(key))
          .filter((item) => item !== undefined && !item.fixed);
        for (let i = 1; i < movable.length; i++) {
          const a = movable[i - 1];
          const b = movable[i];
          if (a === undefined || b === undefined) {
            continue;
          }
          expect(a.tier).toBeLessThanOrEqual(b.tier);
          if (a.tier === b.tier && a.tier === 0) {
            expect(a.score).toBeGreaterThanOrEqual(b.score);
          }
          if (a.tier === b.tier && (a.tier !== 0 || a.score === b.score)) {
            expect(a.index).toBeLessThan(b.index);
          }
        }
      }),
      RUNS,
    );
  });

  it('applying the moves to the current order gives the new order', () => {
    fc.assert(
      fc.property(backlogArb(10), (list) => {
        const current = list.map((item) => item.key);
        const target = rankedOrder(list);
        expect(applyMoves(current, fewestMoves(current, target, isFixedIn(list)))).toEqual(target);
      }),
      RUNS,
    );
  });

  it('applying the moves works for any reorder that keeps fixed issues in place', () => {
    fc.assert(
      fc.property(reorderArb(10), ({ current, target, fixed }) => {
        const moves = fewestMoves(current, target, (key) => fixed.has(key));
        expect(applyMoves(current, moves)).toEqual(target);
      }),
      RUNS,
    );
  });

  it('the number of moves is the fewest possible (breadth-first search oracle)', () => {
    fc.assert(
      fc.property(reorderArb(7), ({ current, target, fixed }) => {
        const moves = fewestMoves(current, target, (key) => fixed.has(key));
        expect(moves).toHaveLength(bfsFewestMoves(current, target, fixed));
      }),
      RUNS,
    );
  });

  it('the number of moves is the fewest possible for ranked backlogs (subset oracle)', () => {
    fc.assert(
      fc.property(backlogArb(7), (list) => {
        const current = list.map((item) => item.key);
        const target = rankedOrder(list);
        const fixed = new Set(list.filter((item) => item.fixed).map((item) => item.key));
        const moves = fewestMoves(current, target, (key) => fixed.has(key));
        expect(moves).toHaveLength(subsetFewestMoves(current, target, fixed));
      }),
      RUNS,
    );
  });

  it('moves never move a fixed issue, move each issue at most once and name known anchors', () => {
    fc.assert(
      fc.property(reorderArb(10), ({ current, target, fixed }) => {
        const moves = fewestMoves(current, target, (key) => fixed.has(key));
        const movedKeys = moves.map((move) => move.key);
        for (const move of moves) {
          expect(fixed.has(move.key)).toBe(false);
          const anchor = 'before' in move ? move.before : move.after;
          expect(anchor).not.toBe(move.key);
          expect(current).toContain(anchor);
        }
        expect(new Set(movedKeys).size).toBe(movedKeys.length);
      }),
      RUNS,
    );
  });

  it('re-ranking an already ranked backlog is zero moves (rank, apply, rank again)', () => {
    fc.assert(
      fc.property(backlogArb(10), (list) => {
        const current = list.map((item) => item.key);
        const applied = applyMoves(
          current,
          fewestMoves(current, rankedOrder(list), isFixedIn(list)),
        );
        const byKey = new Map(list.map((item) => [item.key, item]));
        const reranked = applied.map((key) => byKey.get(key) as RankItem);
        const again = rankedOrder(reranked);
        expect(again).toEqual(applied);
        expect(fewestMoves(applied, again, isFixedIn(list))).toEqual([]);
      }),
      RUNS,
    );
  });
});
