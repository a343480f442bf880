import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fewestMoves } from '../../src/core/rank';
import { sortOrdersForMoves, type Ordered } from '../../src/core/sort-order';

function reorder(current: readonly Ordered[], values: ReadonlyMap<string, number>): string[] {
  return current
    .map((item) => ({ key: item.key, value: values.get(item.key) ?? item.sortOrder }))
    .sort((a, b) => a.value - b.value)
    .map((item) => item.key);
}

describe('sortOrdersForMoves', () => {
  it('places a moved item between its new neighbours and writes nothing else', () => {
    const current = [
      { key: 'A', sortOrder: 1 },
      { key: 'B', sortOrder: 2 },
      { key: 'C', sortOrder: 3 },
    ];
    const values = sortOrdersForMoves(current, [{ key: 'C', after: 'A' }]);
    expect([...values.keys()]).toEqual(['C']);
    expect(values.get('C')).toBe(1.5);
  });

  it('goes past either end of the list', () => {
    const current = [
      { key: 'A', sortOrder: 10 },
      { key: 'B', sortOrder: 20 },
    ];
    expect(sortOrdersForMoves(current, [{ key: 'B', before: 'A' }]).get('B')).toBeLessThan(10);
    expect(sortOrdersForMoves(current, [{ key: 'A', after: 'B' }]).get('A')).toBeGreaterThan(20);
  });

  it('widens over a neighbour when the gap has no float room left', () => {
    const current = [
      { key: 'A', sortOrder: 1 },
      { key: 'B', sortOrder: 1 + Number.EPSILON },
      { key: 'C', sortOrder: 5 },
    ];
    const values = sortOrdersForMoves(current, [{ key: 'C', after: 'A' }]);
    expect(reorder(current, values)).toEqual(['A', 'C', 'B']);
    expect(values.size).toBeGreaterThanOrEqual(2);
  });

  it('turns the fewest moves into the target order, writing only moved items (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 40 }),
        fc.func(fc.integer()),
        (numbers, shuffleKey) => {
          const sorted = [...numbers].sort((a, b) => a - b);
          const current = sorted.map((n, i) => ({ key: `K${i}`, sortOrder: n / 7 }));
          const keys = current.map((c) => c.key);
          const target = [...keys].sort(
            (a, b) => shuffleKey(a) - shuffleKey(b) || a.localeCompare(b),
          );
          const moves = fewestMoves(keys, target, () => false);
          const values = sortOrdersForMoves(current, moves);
          expect(reorder(current, values)).toEqual(target);
          expect(values.size).toBeLessThanOrEqual(moves.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
