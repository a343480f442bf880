import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, healthOf, isStale, type CheckIn } from '../../src/core/index';
import { period } from '../fixtures/okrs';

const Q4 = { period: period('2026-Q4') };

describe('healthOf (gap = expected − progress; defaults 0.10 and 0.25)', () => {
  it.each([
    [0.5, 0.5, 'on-track'],
    [0.9, 0.5, 'on-track'],
    [0.41, 0.5, 'on-track'],
    [0.4, 0.5, 'at-risk'],
    [0.26, 0.5, 'at-risk'],
    [0.25, 0.5, 'behind'],
    [0, 1, 'behind'],
  ] as const)('progress %d, expected %d → %s', (progress, expected, grade) => {
    expect(healthOf(progress, expected, DEFAULT_SETTINGS)).toBe(grade);
  });

  it('follows the settings', () => {
    const strict = { ...DEFAULT_SETTINGS, health: { atRisk: 0.01, behind: 0.05 } };
    expect(healthOf(0.47, 0.5, strict)).toBe('at-risk');
    expect(healthOf(0.4, 0.5, strict)).toBe('behind');
  });
});

describe('isStale (staleAfterDays 14 by default)', () => {
  const at = (date: string): CheckIn[] => [{ date, value: 1 }];
  it.each([
    ['the period began 14 days ago: too early to be stale', [], '2026-10-15', false],
    ['the period began 15 days ago, no check-in', [], '2026-10-16', true],
    ['a check-in 13 days ago', at('2026-11-17'), '2026-11-30', false],
    ['a check-in 14 days ago', at('2026-11-16'), '2026-11-30', true],
    ['a check-in dated after the as-of day does not count', at('2026-12-01'), '2026-11-30', true],
    ['an ended objective is nobody’s to update', [], '2027-01-20', false],
    ['a future objective neither', [], '2026-09-01', false],
  ] as const)('%s', (_, checkIns, asOf, stale) => {
    expect(isStale({ checkIns: [...checkIns] }, Q4, asOf, DEFAULT_SETTINGS)).toBe(stale);
  });

  it('follows staleAfterDays', () => {
    const weekly = { ...DEFAULT_SETTINGS, staleAfterDays: 7 };
    expect(
      isStale({ checkIns: [{ date: '2026-11-22', value: 1 }] }, Q4, '2026-11-30', weekly),
    ).toBe(true);
  });
});
