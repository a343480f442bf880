import { describe, expect, it } from 'vitest';
import {
  alignmentOf,
  isActive,
  krExpected,
  krProgress,
  krStanding,
  prepareKeyResults,
  resolveLinks,
} from '../../src/core/index';
import { nearestId } from '../../src/core/nearest-id';
import { agencyOkrs, objective, period } from '../fixtures/okrs';

describe('krProgress: (current − baseline) / (target − baseline), clamped to 0..1', () => {
  it.each([
    ['NPS 40 → 55, now 44', 40, 55, 44, 4 / 15],
    ['NPS still at its baseline', 40, 55, 40, 0],
    ['NPS reached', 40, 55, 55, 1],
    ['NPS beyond target', 40, 55, 61, 1],
    ['NPS below baseline', 40, 55, 37, 0],
    ['reduce churn 10% → 8.5%, now 9.25%', 10, 8.5, 9.25, 0.5],
    ['reduce churn, worse than baseline', 10, 8.5, 11, 0],
    ['reduce churn beyond target', 10, 8.5, 7.9, 1],
    ['from negative to positive margin', -5, 5, 0, 0.5],
    ['baseline equal to target (rejected by the file; no division by zero)', 3, 3, 4, 0],
  ])('%s', (_name, baseline, target, current, expected) => {
    expect(krProgress({ baseline, target, current })).toBeCloseTo(expected, 12);
  });
});

describe('krExpected: share of the way from period start to deadline, by days', () => {
  const q4 = period('2026-Q4');
  it.each([
    ['before the period', '2026-12-31', '2026-09-15', 0],
    ['on the first day', '2026-12-31', '2026-10-01', 0],
    ['mid-quarter', '2026-12-31', '2026-11-15', 45 / 91],
    ['on the deadline', '2026-12-31', '2026-12-31', 1],
    ['after the period', '2026-12-31', '2027-01-20', 1],
    ['halfway to an early deadline', '2026-11-30', '2026-10-31', 0.5],
    ['past an early deadline, still in the period', '2026-11-30', '2026-12-15', 1],
    ['a deadline on the first day, reached', '2026-10-01', '2026-10-01', 1],
    ['a deadline on the first day, not yet reached', '2026-10-01', '2026-09-30', 0],
  ])('%s (deadline %s, as of %s)', (_name, deadline, asOf, expected) => {
    expect(krExpected({ deadline }, q4, asOf)).toBeCloseTo(expected, 12);
  });
});

describe('isActive: the objective period contains the day', () => {
  const o1 = objective({ id: 'O1', keyResults: [{ id: 'O1-KR1' }] });
  it.each([
    ['2026-09-30', false],
    ['2026-10-01', true],
    ['2026-12-31', true],
    ['2027-01-01', false],
  ])('%s → %s', (asOf, active) => {
    expect(isActive(o1, asOf)).toBe(active);
  });
});

describe('krStanding', () => {
  // NPS 40 → 55, now 44: progress 4/15; by 2026-11-15 the plan expects 45/91.
  const nps = objective({
    id: 'O1',
    keyResults: [{ id: 'O1-KR1', title: 'Increase NPS', baseline: 40, target: 55, current: 44 }],
  });
  const npsKr = nps.keyResults[0]!;

  it('pulls harder when a KR is behind plan: lag = 1 + (expected − progress)', () => {
    const standing = krStanding(npsKr, nps, '2026-11-15', true);
    expect(standing.progress).toBeCloseTo(4 / 15, 12);
    expect(standing.expected).toBeCloseTo(45 / 91, 12);
    expect(standing.lag).toBeCloseTo(1 + 45 / 91 - 4 / 15, 12);
    expect(standing.factor).toBeCloseTo(standing.lag, 12);
    expect(standing.active).toBe(true);
    expect(standing.inactiveReason).toBeUndefined();
  });

  it('has lag 1 with scheduleBoost off, however far behind', () => {
    const standing = krStanding(npsKr, nps, '2026-12-20', false);
    expect(standing.expected).toBeGreaterThan(standing.progress);
    expect(standing.lag).toBe(1);
    expect(standing.factor).toBe(1);
  });

  it.each([
    ['on the first day', '2026-10-01', 1],
    ['ahead of plan early on (expected 20/91 < 4/15)', '2026-10-21', 1],
    ['untouched on the last day', '2026-12-31', 1 + 1 - 4 / 15],
  ])('lag %s', (_name, asOf, lag) => {
    expect(krStanding(npsKr, nps, asOf, true).lag).toBeCloseTo(lag, 12);
  });

  it('caps the lag at 2: nothing done and the deadline passed', () => {
    const launch = objective({
      id: 'O2',
      keyResults: [{ id: 'O2-KR3', baseline: 0, target: 100, current: 0, deadline: '2026-11-30' }],
    });
    expect(krStanding(launch.keyResults[0]!, launch, '2026-12-10', true).lag).toBe(2);
  });

  it.each([
    ['objective weight', 2, 1, 2],
    ['key result weight', 1, 0.5, 0.5],
    ['both weights', 2, 1.5, 3],
  ])('multiplies the %s into the factor', (_name, objectiveWeight, krWeight, factor) => {
    const o = objective({
      id: 'O2',
      weight: objectiveWeight,
      keyResults: [{ id: 'O2-KR1', baseline: 0, target: 30, current: 30, weight: krWeight }],
    });
    const standing = krStanding(o.keyResults[0]!, o, '2026-11-15', true);
    expect(standing.lag).toBe(1);
    expect(standing.factor).toBe(factor);
  });

  it('multiplies the weights with the lag', () => {
    const o = objective({
      id: 'O2',
      weight: 2,
      keyResults: [{ id: 'O2-KR1', baseline: 0, target: 100, current: 0, weight: 1.5 }],
    });
    // as of 2026-11-15: expected 45/91, progress 0
    expect(krStanding(o.keyResults[0]!, o, '2026-11-15', true).factor).toBeCloseTo(
      2 * 1.5 * (1 + 45 / 91),
      12,
    );
  });

  it.each([
    ['2026-Q3', '2026-11-15', 'O1-KR1 ended with 2026-Q3'],
    ['2027-Q1', '2026-11-15', 'O1-KR1 starts with 2027-Q1'],
    [{ start: '2026-07-15', end: '2026-10-15' }, '2026-11-15', 'O1-KR1 ended on 2026-10-15'],
    [{ start: '2026-12-01', end: '2027-02-28' }, '2026-11-15', 'O1-KR1 starts on 2026-12-01'],
  ])('a KR of %j is not active on %s: "%s"', (p, asOf, reason) => {
    const o = objective({ id: 'O1', period: p, keyResults: [{ id: 'O1-KR1' }] });
    const standing = krStanding(o.keyResults[0]!, o, asOf, true);
    expect(standing.active).toBe(false);
    expect(standing.inactiveReason).toBe(reason);
  });
});

describe('prepareKeyResults', () => {
  it('stands every KR of every objective, active or not', () => {
    const book = prepareKeyResults(agencyOkrs(), '2026-11-15', true);
    expect(book.asOf).toBe('2026-11-15');
    expect([...book.standings.keys()]).toEqual([
      'O1-KR1',
      'O1-KR2',
      'O1-KR3',
      'O2-KR1',
      'O2-KR2',
      'O0-KR1',
      'O3-KR1',
    ]);
    expect([...book.standings.values()].map((s) => s.active)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('resolveLinks', () => {
  const book = () => prepareKeyResults(agencyOkrs(), '2026-11-15', true);

  it('counts links to active KRs', () => {
    const links = resolveLinks(['O1-KR1', 'O2-KR1'], book());
    expect(links.active.map((s) => s.kr.id)).toEqual(['O1-KR1', 'O2-KR1']);
    expect(links.dead).toEqual([]);
  });

  it('counts a KR linked twice once', () => {
    const links = resolveLinks(['O1-KR1', 'O1-KR1'], book());
    expect(links.active.map((s) => s.kr.id)).toEqual(['O1-KR1']);
  });

  // A few links are deduplicated by looking back, many with a Set: both keep first uses, in order.
  it.each([
    ['a few', ['O2-KR1', 'O0-KR1', 'O1-KR1', 'O2-KR1', 'O0-KR1']],
    ['many', ['O2-KR1', 'O0-KR1', ...Array<string>(20).fill('O1-KR1'), 'O2-KR1', 'O0-KR1']],
  ])('counts each of %s repeated links once, in the order first linked', (_, ids) => {
    const links = resolveLinks(ids, book());
    expect(links.active.map((s) => s.kr.id)).toEqual(['O2-KR1', 'O1-KR1']);
    expect(links.dead).toEqual(['O0-KR1 ended with 2026-Q3']);
  });

  it.each([
    ['an ended KR', 'O0-KR1', 'O0-KR1 ended with 2026-Q3'],
    ['a KR that has not started', 'O3-KR1', 'O3-KR1 starts with 2027-Q1'],
    ['an unknown id near several known ones', 'O9-KR1', 'O9-KR1 is not a known key result'],
    [
      'a zero typed for the letter O',
      '01-KR1',
      '01-KR1 is not a known key result — did you mean O1-KR1?',
    ],
    ['an id in lower case', 'o2-kr2', 'o2-kr2 is not a known key result — did you mean O2-KR2?'],
    ['an id without its dash', 'O1KR2', 'O1KR2 is not a known key result — did you mean O1-KR2?'],
    [
      'one KR number too many (tie: O1-KR1, O1-KR2, O1-KR3)',
      'O1-KR4',
      'O1-KR4 is not a known key result',
    ],
    ['a KR number left out (tie)', 'O1-KR', 'O1-KR is not a known key result'],
    [
      'a KR of an objective that has fewer (tie: O2-KR1, O2-KR2, O1-KR3)',
      'O2-KR3',
      'O2-KR3 is not a known key result',
    ],
    ['a name instead of an id', 'NPS', 'NPS is not a known key result'],
  ])('explains %s', (_name, id, reason) => {
    const links = resolveLinks([id], book());
    expect(links.active).toEqual([]);
    expect(links.dead).toEqual([reason]);
  });

  it('keeps the order of the links and explains each dead one', () => {
    const links = resolveLinks(['O0-KR1', 'O1-KR3', '01-KR1'], book());
    expect(links.active.map((s) => s.kr.id)).toEqual(['O1-KR3']);
    expect(links.dead).toEqual([
      'O0-KR1 ended with 2026-Q3',
      '01-KR1 is not a known key result — did you mean O1-KR1?',
    ]);
  });

  it('remembers its guess for an unknown id', () => {
    const shared = book();
    resolveLinks(['01-KR1'], shared);
    expect(shared.guesses.get('01-KR1')).toBe('O1-KR1');
    shared.guesses.set('01-KR1', 'O1-KR2');
    expect(resolveLinks(['01-KR1'], shared).dead).toEqual([
      '01-KR1 is not a known key result — did you mean O1-KR2?',
    ]);
  });
});

describe('nearestId: the "did you mean" hint', () => {
  const agency = ['O1-KR1', 'O1-KR2', 'O1-KR3', 'O2-KR1', 'O2-KR2'];
  it.each<[string, readonly string[], string | null]>([
    ['o1-kr3', agency, 'O1-KR3'],
    ['01-KR2', agency, 'O1-KR2'],
    ['O1-KR22', agency, 'O1-KR2'],
    ['ONBORD-KR1', ['ONBOARD-KR1', 'CHURN-KR1'], 'ONBOARD-KR1'],
    ['ONBRD-KR1', ['ONBOARD-KR1', 'CHURN-KR1'], 'ONBOARD-KR1'],
    // three edits is too far to guess
    ['ONBR-KR1', ['ONBOARD-KR1', 'CHURN-KR1'], null],
    // a tie suggests nothing, whatever the order
    ['O1-KR4', agency, null],
    ['O1-KR4', [...agency].reverse(), null],
    ['O1-KR', ['O1-KR1', 'O1-KR2'], null],
    // a tie further away does not hide a unique closer match
    ['o1-kr1', ['O2-KR1', 'O3-KR1', 'O1-KR1'], 'O1-KR1'],
    ['O1-KR4', ['O1-KR1'], 'O1-KR1'],
    ['O1-KR1', [], null],
  ])('%s among %j → %s', (wanted, known, expected) => {
    expect(nearestId(wanted, known)).toBe(expected);
  });
});

describe('alignmentOf: Σ objective.weight × kr.weight × lag over active links', () => {
  const book = () => prepareKeyResults(agencyOkrs(), '2026-11-15', true);

  it('is 0 without active links', () => {
    expect(alignmentOf([])).toBe(0);
  });

  it('adds one factor per KR, so serving two KRs outranks serving one', () => {
    const one = alignmentOf(resolveLinks(['O1-KR3'], book()).active);
    const two = alignmentOf(resolveLinks(['O1-KR3', 'O2-KR1'], book()).active);
    // O1-KR3 and O2-KR1 are reached: lag 1, weights 1 and 2
    expect(one).toBe(1);
    expect(two).toBe(3);
  });

  it('ignores links that do not count', () => {
    expect(alignmentOf(resolveLinks(['O1-KR3', 'O0-KR1', 'O9-KR1'], book()).active)).toBe(1);
  });

  it('grows with the lag only when the schedule boost is on', () => {
    const on = alignmentOf(resolveLinks(['O1-KR1'], book()).active);
    const off = alignmentOf(
      resolveLinks(['O1-KR1'], prepareKeyResults(agencyOkrs(), '2026-11-15', false)).active,
    );
    expect(on).toBeCloseTo(1 + 45 / 91 - 4 / 15, 12);
    expect(off).toBe(1);
  });
});
