import { describe, expect, it } from 'vitest';
import { applyMoves, fewestMoves } from '../../../../src/core/index';
import { movesOfRun, rankRuns } from '../../../../src/linear/server/api/rank-runs';

/** Applies the steps one by one, as the page does, from the current order. */
function applied(current: string[], target: string[], size?: number): string[] {
  const moved = new Set(fewestMoves(current, target, () => false).map((m) => m.key));
  return rankRuns(target, moved, size).reduce(
    (order, run) => applyMoves(order, movesOfRun(run)),
    current,
  );
}

/** A deterministic shuffle (a small LCG), so a failure names the seed that made it. */
function shuffled(keys: string[], seed: number): string[] {
  const out = [...keys];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}

describe('rankRuns: the apply steps of a re-rank preview', () => {
  it.each([
    [
      'one issue moved down',
      ['A', 'B', 'C', 'D'],
      ['B', 'C', 'A', 'D'],
      [{ issues: ['A'], anchor: { after: 'C' } }],
    ],
    [
      'one issue moved to the top',
      ['A', 'B', 'C'],
      ['C', 'A', 'B'],
      [{ issues: ['C'], anchor: { before: 'A' } }],
    ],
    [
      'two issues that land together: one step',
      ['A', 'B', 'C', 'D', 'E'],
      ['A', 'D', 'E', 'B', 'C'],
      [{ issues: ['B', 'C'], anchor: { after: 'E' } }],
    ],
    ['an ordered backlog: no step', ['A', 'B', 'C'], ['A', 'B', 'C'], []],
  ])('%s', (_, current, target, runs) => {
    const moved = new Set(fewestMoves(current, target, () => false).map((m) => m.key));
    expect(rankRuns(target, moved)).toEqual(runs);
    expect(applied(current, target)).toEqual(target);
  });

  it('ends in the new order for any backlog, with runs cut to the step size', () => {
    const keys = Array.from({ length: 40 }, (_, n) => `ENG-${n + 1}`);
    for (let seed = 1; seed <= 200; seed++) {
      const current = shuffled(keys, seed);
      const target = shuffled(keys, seed * 7 + 3);
      expect(applied(current, target), `seed ${seed}`).toEqual(target);
      expect(applied(current, target, 3), `seed ${seed}, steps of 3`).toEqual(target);
    }
  });

  it('never makes a step longer than the step size', () => {
    const keys = Array.from({ length: 30 }, (_, n) => `K${n}`);
    const target = [...keys].reverse();
    const moved = new Set(fewestMoves(keys, target, () => false).map((m) => m.key));
    const runs = rankRuns(target, moved, 4);
    expect(runs.every((run) => run.issues.length <= 4)).toBe(true);
    expect(runs.flatMap((run) => run.issues).sort()).toEqual([...moved].sort());
  });
});
