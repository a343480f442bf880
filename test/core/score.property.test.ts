import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IssueSnapshot } from '../../src/core/issue';
import type { Okrs } from '../../src/core/okrs';
import { plan } from '../../src/core/plan';
import { IMPACT_SCALE } from '../../src/core/rice';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

/**
 * Score properties, through `plan()` as every adapter calls it: score = RICE × alignment, where
 * alignment sums the active links. Runs are small so the file stays fast.
 */

const RUNS = { numRuns: 200 };

const Q4 = { label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' };
const Q3 = { label: '2026-Q3', start: '2026-07-01', end: '2026-09-30' };

interface World {
  okrs: Okrs;
  asOf: string;
  scheduleBoost: boolean;
}

/** Two active objectives (weights, progress and deadlines vary) and one that ended with Q3. */
const worldArb: fc.Arbitrary<World> = fc
  .record({
    o1Weight: fc.integer({ min: 1, max: 20 }).map((n) => n / 4),
    o2Weight: fc.integer({ min: 1, max: 20 }).map((n) => n / 4),
    krWeights: fc.tuple(
      fc.integer({ min: 1, max: 12 }).map((n) => n / 4),
      fc.integer({ min: 1, max: 12 }).map((n) => n / 4),
      fc.integer({ min: 1, max: 12 }).map((n) => n / 4),
    ),
    currents: fc.tuple(
      fc.integer({ min: 30, max: 80 }),
      fc.integer({ min: 4, max: 12 }),
      fc.integer({ min: -10, max: 120 }),
    ),
    deadlineDay: fc.integer({ min: 1, max: 31 }),
    asOfDay: fc.integer({ min: 0, max: 91 }),
    scheduleBoost: fc.boolean(),
  })
  .map(({ o1Weight, o2Weight, krWeights, currents, deadlineDay, asOfDay, scheduleBoost }) => ({
    scheduleBoost,
    asOf: new Date(Date.UTC(2026, 9, 1 + asOfDay)).toISOString().slice(0, 10),
    okrs: {
      objectives: [
        {
          id: 'O1',
          title: 'Delight agencies',
          period: Q4,
          weight: o1Weight,
          keyResults: [
            kr('O1-KR1', 'O1', 40, 60, currents[0], Q4.end, krWeights[0]),
            kr(
              'O1-KR2',
              'O1',
              10,
              6,
              currents[1],
              `2026-12-${String(deadlineDay).padStart(2, '0')}`,
              krWeights[1],
            ),
          ],
        },
        {
          id: 'O2',
          title: 'Effortless onboarding',
          period: Q4,
          weight: o2Weight,
          keyResults: [kr('O2-KR1', 'O2', 0, 100, currents[2], Q4.end, krWeights[2])],
        },
        {
          id: 'O0',
          title: 'Open the platform',
          period: Q3,
          weight: 1,
          keyResults: [kr('O0-KR1', 'O0', 0, 1, 0, Q3.end, 1)],
        },
      ],
    },
  }));

function kr(
  id: string,
  objectiveId: string,
  baseline: number,
  target: number,
  current: number,
  deadline: string,
  weight: number,
) {
  return {
    id,
    title: id,
    objectiveId,
    baseline,
    target,
    current,
    deadline,
    weight,
    progress: { source: 'manual' as const },
    checkIns: [],
  };
}

const ACTIVE_KRS = ['O1-KR1', 'O1-KR2', 'O2-KR1'] as const;

interface RiceNumbers {
  reach: number;
  impact: number;
  confidence: number;
  effort: number;
}

const riceArb: fc.Arbitrary<RiceNumbers> = fc.record({
  reach: fc.integer({ min: 0, max: 100_000 }),
  impact: fc.constantFrom(...IMPACT_SCALE.map((step) => step.value)),
  confidence: fc.integer({ min: 1, max: 100 }),
  effort: fc.integer({ min: 1, max: 400 }).map((n) => n / 4),
});

function issue(key: string, keyResults: readonly string[], rice: RiceNumbers): IssueSnapshot {
  return {
    key,
    title: key,
    status: 'backlog',
    labels: [],
    keyResults: [...keyResults],
    rice: { ...rice },
  };
}

function scoreIn(world: World, keyResults: readonly string[], rice: RiceNumbers): number | null {
  const result = plan({
    okrs: world.okrs,
    issues: [issue('ENG-1', keyResults, rice)],
    settings: { ...DEFAULT_SETTINGS, scheduleBoost: world.scheduleBoost },
    asOf: world.asOf,
  });
  return result.issues[0]?.score ?? null;
}

/** Two distinct values from the arbitrary, smaller first. */
const ascending = <T>(arb: fc.Arbitrary<T>) =>
  fc
    .tuple(arb, arb)
    .filter(([a, b]) => a !== b)
    .map(([a, b]): [T, T] => (a < b ? [a, b] : [b, a]));

describe('score properties (via plan)', () => {
  it('a linked, RICE-complete issue always has a positive alignment and a number score', () => {
    fc.assert(
      fc.property(worldArb, fc.constantFrom(...ACTIVE_KRS), riceArb, (world, link, rice) => {
        const result = plan({
          okrs: world.okrs,
          issues: [issue('ENG-1', [link], rice)],
          settings: { ...DEFAULT_SETTINGS, scheduleBoost: world.scheduleBoost },
          asOf: world.asOf,
        });
        const decision = result.issues[0];
        expect(decision?.alignment).toBeGreaterThan(0);
        expect(decision?.score).toBeTypeOf('number');
        expect(decision?.icebox).toBe(false);
      }),
      RUNS,
    );
  });

  it('adding a second active KR link never lowers a score (it raises it)', () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.shuffledSubarray([...ACTIVE_KRS], { minLength: 2, maxLength: 2 }),
        riceArb.filter((rice) => rice.reach > 0),
        (world, [first, second], rice) => {
          const one = scoreIn(world, [first ?? ''], rice);
          const two = scoreIn(world, [first ?? '', second ?? ''], rice);
          expect(one).not.toBeNull();
          expect(two).not.toBeNull();
          expect(two as number).toBeGreaterThanOrEqual(one as number);
          // Both factors are positive, so the sum strictly outranks either link alone.
          expect(two as number).toBeGreaterThan(one as number);
        },
      ),
      RUNS,
    );
  });

  it('a link that does not count (ended, unknown, repeated) leaves the score unchanged', () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.constantFrom(...ACTIVE_KRS),
        fc.constantFrom('O0-KR1', 'O9-KR9'),
        riceArb,
        (world, link, dead, rice) => {
          const alone = scoreIn(world, [link], rice);
          expect(scoreIn(world, [link, dead], rice)).toBe(alone);
          expect(scoreIn(world, [link, link], rice)).toBe(alone);
        },
      ),
      RUNS,
    );
  });

  it('the score rises strictly with reach', () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.constantFrom(...ACTIVE_KRS),
        riceArb,
        ascending(fc.integer({ min: 0, max: 100_000 })),
        (world, link, rice, [low, high]) => {
          const lower = scoreIn(world, [link], { ...rice, reach: low });
          const higher = scoreIn(world, [link], { ...rice, reach: high });
          expect(higher as number).toBeGreaterThan(lower as number);
        },
      ),
      RUNS,
    );
  });

  it('the score rises strictly with impact', () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.constantFrom(...ACTIVE_KRS),
        riceArb.filter((rice) => rice.reach > 0),
        ascending(fc.constantFrom(...IMPACT_SCALE.map((step) => step.value))),
        (world, link, rice, [low, high]) => {
          const lower = scoreIn(world, [link], { ...rice, impact: low });
          const higher = scoreIn(world, [link], { ...rice, impact: high });
          expect(higher as number).toBeGreaterThan(lower as number);
        },
      ),
      RUNS,
    );
  });

  it('the score rises strictly with confidence', () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.constantFrom(...ACTIVE_KRS),
        riceArb.filter((rice) => rice.reach > 0),
        ascending(fc.integer({ min: 1, max: 100 })),
        (world, link, rice, [low, high]) => {
          const lower = scoreIn(world, [link], { ...rice, confidence: low });
          const higher = scoreIn(world, [link], { ...rice, confidence: high });
          expect(higher as number).toBeGreaterThan(lower as number);
        },
      ),
      RUNS,
    );
  });

  it('the score falls strictly with effort', () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.constantFrom(...ACTIVE_KRS),
        riceArb.filter((rice) => rice.reach > 0),
        ascending(fc.integer({ min: 1, max: 400 }).map((n) => n / 4)),
        (world, link, rice, [low, high]) => {
          const cheaper = scoreIn(world, [link], { ...rice, effort: low });
          const dearer = scoreIn(world, [link], { ...rice, effort: high });
          expect(dearer as number).toBeLessThan(cheaper as number);
        },
      ),
      RUNS,
    );
  });

  it('a score is absolute: other issues in the backlog never change it', () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.constantFrom(...ACTIVE_KRS),
        riceArb,
        fc.array(fc.tuple(fc.subarray([...ACTIVE_KRS]), riceArb), { maxLength: 5 }),
        (world, link, rice, others) => {
          const alone = scoreIn(world, [link], rice);
          const result = plan({
            okrs: world.okrs,
            issues: [
              ...others.map(([links, r], i) => issue(`OTHER-${i}`, links, r)),
              issue('ENG-1', [link], rice),
            ],
            settings: { ...DEFAULT_SETTINGS, scheduleBoost: world.scheduleBoost },
            asOf: world.asOf,
          });
          expect(result.issues.find((d) => d.issue.key === 'ENG-1')?.score).toBe(alone);
        },
      ),
      RUNS,
    );
  });

  it('a KR behind plan never pulls less than its weights: alignment ≥ Σ objective × KR weight', () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.subarray([...ACTIVE_KRS], { minLength: 1 }),
        riceArb,
        (world, links, rice) => {
          const decision = plan({
            okrs: world.okrs,
            issues: [issue('ENG-1', links, rice)],
            settings: { ...DEFAULT_SETTINGS, scheduleBoost: world.scheduleBoost },
            asOf: world.asOf,
          }).issues[0];
          const weights = links.map((id) => {
            const objective = world.okrs.objectives.find((o) =>
              o.keyResults.some((k) => k.id === id),
            );
            const keyResult = objective?.keyResults.find((k) => k.id === id);
            return (objective?.weight ?? 0) * (keyResult?.weight ?? 0);
          });
          const sum = weights.reduce((a, b) => a + b, 0);
          if (world.scheduleBoost) {
            expect(decision?.alignment).toBeGreaterThanOrEqual(sum - 1e-9);
            expect(decision?.alignment).toBeLessThanOrEqual(2 * sum + 1e-9);
          } else {
            expect(decision?.alignment).toBeCloseTo(sum, 9);
          }
        },
      ),
      RUNS,
    );
  });
});
