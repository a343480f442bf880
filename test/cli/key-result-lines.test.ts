import { describe, expect, it } from 'vitest';
import { healthLine, staleSection } from '../../src/cli/key-result-lines';
import {
  DEFAULT_SETTINGS,
  type CheckIn,
  type KeyResult,
  type KrStatus,
  type Objective,
} from '../../src/core/index';

/** The wording of the table's living key result lines, case by case (values are given, not computed). */

function status(lastCheckIn: CheckIn | null, extra: Partial<KrStatus> = {}): KrStatus {
  return {
    current: lastCheckIn?.value ?? 0,
    progress: 0.5,
    expected: 0.5,
    lag: 1,
    health: 'on-track',
    stale: false,
    lastCheckIn,
    checkIns: lastCheckIn === null ? [] : [lastCheckIn],
    ...extra,
  };
}

describe('healthLine', () => {
  it.each([
    { name: 'no check-in', status: status(null), unit: '', line: 'on track · no check-in' },
    {
      name: 'a person with a note, and the unit',
      status: status(
        { date: '2026-11-03', value: 7.856, note: 'billing', by: 'Sam' },
        { health: 'at-risk' },
      ),
      unit: '%',
      line: 'at risk · last check-in 2026-11-03: 7.86% by Sam — billing',
    },
    {
      name: 'an automatic source names itself',
      status: status({ date: '2026-11-15', value: 50, source: 'linked-done' }),
      unit: '',
      line: 'on track · last check-in 2026-11-15: 50 (linked-done)',
    },
    {
      name: 'a pushed value with no author',
      status: status({ date: '2026-11-15', value: 47, source: 'push' }),
      unit: '',
      line: 'on track · last check-in 2026-11-15: 47 (push)',
    },
    {
      name: 'the file as source says nothing more',
      status: status({ date: '2026-11-15', value: 47, source: 'file' }),
      unit: '',
      line: 'on track · last check-in 2026-11-15: 47',
    },
    {
      name: 'a person wins over the source',
      status: status({ date: '2026-11-15', value: 47, by: 'Ana', source: 'manual' }),
      unit: '',
      line: 'on track · last check-in 2026-11-15: 47 by Ana',
    },
    {
      name: 'a long note is cut at 60 characters',
      status: status({ date: '2026-11-15', value: 1, note: 'x'.repeat(80) }),
      unit: '',
      line: `on track · last check-in 2026-11-15: 1 — ${'x'.repeat(59)}…`,
    },
    {
      name: 'stale and behind',
      status: status(null, { health: 'behind', stale: true }),
      unit: '',
      line: 'behind · no check-in · stale',
    },
  ])('$name', ({ status: s, unit, line }) => {
    expect(healthLine(s, unit)).toBe(line);
  });
});

describe('staleSection', () => {
  const objective = {
    period: { label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' },
  } as Objective;
  const kr = (owner?: string) =>
    ({ id: 'O1-KR1', title: 'Raise NPS', ...(owner && { owner }) }) as KeyResult;

  it('none', () => {
    expect(staleSection([], '2026-11-15', DEFAULT_SETTINGS)).toEqual([
      'Stale: none — no running key result has gone 14 days without a check-in',
    ]);
  });

  it.each([
    {
      name: 'the KR’s owner first, and one day is singular',
      stale: { kr: kr('Ana'), objective: { ...objective, owner: 'Dana' } },
      last: { date: '2026-11-14', value: 1 },
      line: '             owner Ana · last check-in 2026-11-14, 1 day ago',
    },
    {
      name: 'else the objective’s owner',
      stale: { kr: kr(), objective: { ...objective, owner: 'Dana' } },
      last: { date: '2026-11-01', value: 1 },
      line: '             owner Dana · last check-in 2026-11-01, 14 days ago',
    },
    {
      name: 'else nobody, since the period began',
      stale: { kr: kr(), objective },
      last: null,
      line: '             no owner named · no check-in since the period began on 2026-10-01, 45 days ago',
    },
  ])('$name', ({ stale, last, line }) => {
    const settings = { ...DEFAULT_SETTINGS, staleAfterDays: 1 };
    expect(
      staleSection([{ ...stale, status: status(last, { stale: true }) }], '2026-11-15', settings),
    ).toEqual([
      'Stale: 1 key result without a check-in in the last 1 day',
      '  O1-KR1     Raise NPS',
      line,
    ]);
  });
});
