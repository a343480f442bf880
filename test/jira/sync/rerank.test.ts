import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyMoves,
  fewestMoves,
  rankedOrder,
  type Move,
  type RankItem,
} from '../../../src/core/index';
import { rankBatches, type RankBatch } from '../../../src/jira/sync/rerank';

/** What Jira does with the calls: each ranks its issues, in order, at its anchor. */
function applyBatches(order: readonly string[], batches: readonly RankBatch[]): string[] {
  const moves: Move[] = batches.flatMap((b) =>
    b.issues.map((key, i): Move => {
      if (i > 0) {
        return { key, after: b.issues[i - 1] ?? '' };
      }
      return 'before' in b.anchor
        ? { key, before: b.anchor.before }
        : { key, after: b.anchor.after };
    }),
  );
  return applyMoves(order, moves);
}

describe('rank batches', () => {
  it('chains consecutive moves into one call and never crosses a fixed issue', () => {
    const target = ['m1', 'm2', 's1', 'm3', 's2', 'm4', 'F', 'm5'];
    const moved = new Set(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(rankBatches(target, moved, (k) => k === 'F')).toEqual([
      { issues: ['m1', 'm2'], anchor: { before: 's1' } },
      { issues: ['m3', 's2', 'm4'], anchor: { after: 's1' } },
      { issues: ['m5'], anchor: { after: 'F' } },
    ]);
  });

  it('holds at most 50 issues a call', () => {
    const target = Array.from({ length: 130 }, (_, i) => `k${i}`);
    const batches = rankBatches(target, new Set(target.slice(1)), () => false);
    expect(batches.map((b) => b.issues.length)).toEqual([50, 50, 29]);
    expect(batches[1]?.anchor).toEqual({ after: 'k50' });
  });

  it('applied as Jira applies them, always give the planned order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tier: fc.constantFrom(0, 1, 2),
            score: fc.integer({ min: 0, max: 20 }),
            fixed: fc.boolean(),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: 1, max: 8 }),
        (rows, size) => {
          const items: RankItem[] = rows.map((r, i) => ({
            key: `k${i}`,
            fixed: r.fixed && i % 3 === 0,
            tier: r.tier,
            score: r.score,
          }));
          const current = items.map((i) => i.key);
          const fixed = new Set(items.filter((i) => i.fixed).map((i) => i.key));
          const target = rankedOrder(items);
          const moves = fewestMoves(current, target, (k) => fixed.has(k));
          const batches = rankBatches(
            target,
            new Set(moves.map((m) => m.key)),
            (k) => fixed.has(k),
            size,
          );
          expect(applyBatches(current, batches)).toEqual(target);
          expect(
            batches.every((b) => b.issues.length <= size && b.issues.every((k) => !fixed.has(k))),
          ).toBe(true);
          expect(batches.length).toBeLessThanOrEqual(moves.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
