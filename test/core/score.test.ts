import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  explainAlignment,
  explainRice,
  explainScore,
  parseRice,
  plan,
  prepareKeyResults,
  resolveLinks,
  scoreOf,
  type IssueSnapshot,
  type Rice,
} from '../../src/core/index';
import { issue, rice } from '../fixtures/issues';
import { okrs } from '../fixtures/okrs';

/**
 * The PRODUCT.md example, built so its factors come out exactly: as of 2026-10-21 (day 20 of
 * 2026-Q4), O1-KR1 is ahead of plan (4/15 done, 20/91 expected) and O2-KR1 — due 2026-11-10,
 * day 40 — is half-way in time but 35% done: lag 1.15, × objective weight 2 = 2.30.
 */
const example = okrs(
  {
    id: 'O1',
    title: 'Become the most user-friendly PM tool for creative agencies',
    keyResults: [{ id: 'O1-KR1', title: 'Increase NPS', baseline: 40, target: 55, current: 44 }],
  },
  {
    id: 'O2',
    title: 'Make templates the front door',
    weight: 2,
    keyResults: [
      {
        id: 'O2-KR1',
        title: 'Template usage growth MoM',
        baseline: 0,
        target: 30,
        current: 10.5,
        unit: '%',
        deadline: '2026-11-10',
      },
    ],
  },
);
const AS_OF = '2026-10-21';

function linked(ids: string[], asOf = AS_OF, scheduleBoost = true) {
  return resolveLinks(ids, prepareKeyResults(example, asOf, scheduleBoost)).active;
}

function riceOf(reach: number, impact: number, confidence: number, effort: number): Rice {
  const check = parseRice(rice(reach, impact, confidence, effort));
  if (!check.ok) {
    throw new Error(check.problems.join('; '));
  }
  return check.rice;
}

describe('behind plan', () => {
  it('is not shown for a lag too small to see in two decimals', () => {
    // A year-long period, one day in, nothing done: expected 1/364 → lag ≈ 1.003.
    const barely = okrs({
      id: 'O1',
      title: 'Delight agencies',
      period: { start: '2026-01-01', end: '2026-12-31' },
      keyResults: [{ id: 'O1-KR1', title: 'Increase NPS', baseline: 40, target: 55 }],
    });
    const active = resolveLinks(['O1-KR1'], prepareKeyResults(barely, '2026-01-02', true)).active;
    expect(active[0]?.lag).toBeGreaterThan(1);
    expect(explainAlignment(active)).toBe('O1-KR1 ×1.00 = 1.00');
    // A week in: expected 7/364 → lag ≈ 1.02.
    const later = resolveLinks(['O1-KR1'], prepareKeyResults(barely, '2026-01-08', true)).active;
    expect(explainAlignment(later)).toBe('O1-KR1 ×1.02 (behind plan) = 1.02');
  });
});

describe('scoreOf: RICE × alignment, absolute', () => {
  it.each([
    [320, 3.3, 1056],
    [320, 1, 320],
    [320, 0, 0],
    [0, 2.5, 0],
    [41.666, 2, 83.332],
  ])('%d × %d = %d', (riceValue, alignment, score) => {
    expect(scoreOf(riceValue, alignment)).toBeCloseTo(score, 9);
  });

  it('does not round: the display does', () => {
    expect(scoreOf(1000 / 3, 1)).toBe(1000 / 3);
  });
});

describe('explainRice', () => {
  it.each<[[number, number, number, number], string]>([
    [[800, 2, 80, 4], 'RICE 800 × 2 × 80% / 4 = 320'],
    [[1000, 0.25, 50, 3], 'RICE 1000 × 0.25 × 50% / 3 = 41.67'],
    [[2500, 2, 80, 6], 'RICE 2500 × 2 × 80% / 6 = 666.67'],
    [[1200, 3, 100, 0.5], 'RICE 1200 × 3 × 100% / 0.5 = 7200'],
    [[0, 1, 50, 2], 'RICE 0 × 1 × 50% / 2 = 0'],
  ])('%j reads "%s"', ([reach, impact, confidence, effort], text) => {
    const r = riceOf(reach, impact, confidence, effort);
    expect(explainRice(r, (reach * impact * (confidence / 100)) / effort)).toBe(text);
  });
});

describe('explainAlignment', () => {
  it('shows each KR factor with two decimals, marks the ones behind plan, and sums them', () => {
    expect(explainAlignment(linked(['O1-KR1', 'O2-KR1']))).toBe(
      'O1-KR1 ×1.00 + O2-KR1 ×2.30 (behind plan) = 3.30',
    );
  });

  it('marks nothing behind plan when the schedule boost is off', () => {
    expect(explainAlignment(linked(['O1-KR1', 'O2-KR1'], AS_OF, false))).toBe(
      'O1-KR1 ×1.00 + O2-KR1 ×2.00 = 3.00',
    );
  });

  it('has one term for one KR', () => {
    expect(explainAlignment(linked(['O2-KR1']))).toBe('O2-KR1 ×2.30 (behind plan) = 2.30');
  });

  it('follows the links in the order the issue gives them', () => {
    expect(explainAlignment(linked(['O2-KR1', 'O1-KR1']))).toBe(
      'O2-KR1 ×2.30 (behind plan) + O1-KR1 ×1.00 = 3.30',
    );
  });
});

describe('explainScore', () => {
  it('reads like the PRODUCT.md example', () => {
    const active = linked(['O1-KR1', 'O2-KR1']);
    const check = parseRice(rice(800, 2, 80, 4));
    expect(check.ok).toBe(true);
    if (!check.ok) {
      return;
    }
    expect(check.value).toBe(320);
    expect(explainScore(check.rice, check.value, active)).toBe(
      'RICE 800 × 2 × 80% / 4 = 320 · O1-KR1 ×1.00 + O2-KR1 ×2.30 (behind plan) = 3.30 · score 1056',
    );
  });

  it('rounds the score for display only', () => {
    // RICE 1000 × 0.25 × 50% / 3 = 41.666…, × 2.30 = 95.833…
    const active = linked(['O2-KR1']);
    const r = riceOf(1000, 0.25, 50, 3);
    expect(explainScore(r, 125 / 3, active)).toBe(
      'RICE 1000 × 0.25 × 50% / 3 = 41.67 · O2-KR1 ×2.30 (behind plan) = 2.30 · score 95.83',
    );
  });

  it('is absolute: an issue scores the same alone and in a backlog of others', () => {
    const redesign = issue({
      key: 'ENG-101',
      title: 'Redesign the dashboard UI for better clarity',
      keyResults: ['O1-KR1', 'O2-KR1'],
      rice: rice(800, 2, 80, 4),
    });
    const others = [
      issue({ key: 'ENG-103', keyResults: ['O2-KR1'], rice: rice(90_000, 3, 100, 0.5) }),
      issue({ key: 'ENG-131', keyResults: ['O1-KR1'], rice: rice(1, 0.25, 1, 40) }),
    ];
    const scoreIn = (issues: IssueSnapshot[]) =>
      plan({ okrs: example, issues, settings: DEFAULT_SETTINGS, asOf: AS_OF }).issues.find(
        (d) => d.issue.key === 'ENG-101',
      );
    const alone = scoreIn([redesign]);
    const crowded = scoreIn([...others, redesign]);
    expect(alone?.score).toBeCloseTo(1056, 9);
    expect(crowded?.score).toBe(alone?.score);
    expect(crowded?.explanation).toBe(
      'RICE 800 × 2 × 80% / 4 = 320 · O1-KR1 ×1.00 + O2-KR1 ×2.30 (behind plan) = 3.30 · score 1056',
    );
  });
});
