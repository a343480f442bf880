import { describe, expect, it } from 'vitest';
import { dayFromNumber, dayNumber, isDay } from '../../src/core/index';

describe('dayNumber', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['2026-10-01', 20_727],
    ['2028-02-29', 21_243],
    // Years 0–99 are real years, not 1900–1999 (Date.UTC's reading of them).
    ['0001-01-01', -719_162],
    ['0042-06-15', -704_022],
    ['0099-12-31', -683_004],
    ['0004-02-29', -718_008],
  ])('%s is day %i', (text, n) => {
    expect(dayNumber(text)).toBe(n);
    expect(isDay(text)).toBe(true);
    expect(dayFromNumber(n)).toBe(text);
  });

  it.each([
    ['2026-02-30', 'rolls over in Date.UTC'],
    ['2026-02-29', 'not a leap year'],
    ['2026-13-01', 'month 13'],
    ['2026-00-10', 'month 0'],
    ['2026-11-31', 'November has 30 days'],
    ['0001-02-29', 'year 1 is not a leap year (1901 is not either, 1904 is)'],
    ['0100-02-29', 'a century that is not a leap year'],
    ['2026-1-5', 'not zero-padded'],
    ['30/11/2026', 'European order'],
    ['2026-11-15T00:00:00Z', 'a timestamp'],
    ['', 'empty'],
  ])('%s is not a day (%s)', (text) => {
    expect(dayNumber(text)).toBeNull();
    expect(isDay(text)).toBe(false);
  });

  it('counts the days between two dates', () => {
    expect((dayNumber('2026-12-31') ?? 0) - (dayNumber('2026-10-01') ?? 0)).toBe(91);
  });
});
