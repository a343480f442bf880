import { describe, expect, it } from 'vitest';
import {
  automaticCheckIn,
  checkInsAsOf,
  currentAt,
  lastCheckIn,
  withCheckIn,
  type CheckIn,
} from '../../src/core/index';
import { okrs } from '../fixtures/okrs';

const NPS: CheckIn[] = [
  { date: '2026-10-06', value: 41, note: 'Q3 survey' },
  { date: '2026-11-03', value: 44, by: 'ana@example.com' },
  { date: '2026-11-03', value: 45, by: 'ana@example.com', note: 'corrected' },
  { date: '2026-12-01', value: 50 },
];
const kr = { checkIns: NPS, current: 40 };

describe('a KR value as of a day', () => {
  it.each([
    ['before any check-in: the file value', '2026-10-01', 40, null],
    ['on the day of the first', '2026-10-06', 41, '2026-10-06'],
    ['between two: the earlier', '2026-10-20', 41, '2026-10-06'],
    ['two on one day: the later one counts', '2026-11-03', 45, '2026-11-03'],
    ['a check-in after the as-of day is ignored', '2026-11-30', 45, '2026-11-03'],
    ['and counts once the day comes', '2026-12-01', 50, '2026-12-01'],
  ])('%s (%s → %d)', (_, asOf, value, lastDate) => {
    expect(currentAt(kr, asOf)).toBe(value);
    expect(lastCheckIn(kr, asOf)?.date ?? null).toBe(lastDate);
    expect(checkInsAsOf(kr, asOf).every((c) => c.date <= asOf)).toBe(true);
  });

  it('lists check-ins up to the day, oldest first', () => {
    expect(checkInsAsOf(kr, '2026-11-30').map((c) => c.value)).toEqual([41, 44, 45]);
    expect(checkInsAsOf({ checkIns: [] }, '2026-11-30')).toEqual([]);
  });
});

describe('automaticCheckIn', () => {
  it('records a value only when it differs from the KR value that day', () => {
    expect(automaticCheckIn(kr, 45, '2026-11-30', 'query')).toBeNull();
    expect(automaticCheckIn(kr, 46, '2026-11-30', 'query')).toEqual({
      date: '2026-11-30',
      value: 46,
      source: 'query',
    });
  });

  it('never records a value that is not a finite number', () => {
    expect(automaticCheckIn(kr, Number.NaN, '2026-11-30', 'query')).toBeNull();
    expect(automaticCheckIn(kr, Infinity, '2026-11-30', 'linked-done')).toBeNull();
  });
});

describe('withCheckIn', () => {
  const before = okrs(
    { id: 'O1', keyResults: [{ id: 'O1-KR1' }, { id: 'O1-KR2' }] },
    { id: 'O2', keyResults: [{ id: 'O2-KR1' }] },
  );

  it('adds in date order and leaves every other KR and objective as it was', () => {
    const once = withCheckIn(before, 'O1-KR2', { date: '2026-11-10', value: 5 });
    const twice = withCheckIn(once, 'O1-KR2', { date: '2026-10-10', value: 3 });
    const [o1, o2] = twice.objectives;
    expect(o1?.keyResults[1]?.checkIns.map((c) => c.date)).toEqual(['2026-10-10', '2026-11-10']);
    expect(o1?.keyResults[0]).toBe(before.objectives[0]?.keyResults[0]);
    expect(o2).toBe(before.objectives[1]);
    expect(before.objectives[0]?.keyResults[1]?.checkIns).toEqual([]);
  });

  it('ignores an id that is no KR', () => {
    expect(withCheckIn(before, 'O9-KR9', { date: '2026-11-10', value: 5 })).toEqual(before);
  });
});
