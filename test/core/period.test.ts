import { describe, expect, it } from 'vitest';
import {
  parsePeriod,
  periodContains,
  periodEndPhrase,
  periodStartPhrase,
} from '../../src/core/index';
import { period } from '../fixtures/okrs';

describe('parsePeriod: quarters', () => {
  it.each([
    ['2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-Q3', '2026-07-01', '2026-09-30'],
    ['2026-Q4', '2026-10-01', '2026-12-31'],
    ['2028-Q1', '2028-01-01', '2028-03-31'],
    // Two-digit years stay in their own century (Date.UTC would read 0042 as 1942).
    ['0042-Q1', '0042-01-01', '0042-03-31'],
    ['0099-Q4', '0099-10-01', '0099-12-31'],
    ['0004-Q1', '0004-01-01', '0004-03-31'],
    ['9999-Q4', '9999-10-01', '9999-12-31'],
  ])('%s is %s..%s', (label, start, end) => {
    expect(parsePeriod(label)).toEqual({ ok: true, period: { label, start, end } });
  });

  it('accepts a lower-case q and labels it the usual way', () => {
    expect(parsePeriod('2026-q4')).toEqual({
      ok: true,
      period: { label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' },
    });
  });

  it('ignores surrounding spaces and keeps a clean label', () => {
    expect(parsePeriod(' 2026-Q4 ')).toEqual({
      ok: true,
      period: { label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' },
    });
  });

  it.each(['2026-Q5', '2026-Q0', 'Q4 2026', '2026 Q4', '26-Q4', '2026-Q4-2', 'next quarter', ''])(
    'rejects %j and says which forms are accepted',
    (text) => {
      expect(parsePeriod(text)).toEqual({
        ok: false,
        message: `"${text}" is not a period — use a quarter such as 2026-Q4, or { start: 2026-10-01, end: 2026-12-31 }`,
      });
    },
  );
});

describe('parsePeriod: explicit start and end', () => {
  it('accepts an inclusive range and labels it start..end', () => {
    expect(parsePeriod({ start: '2026-11-01', end: '2027-01-31' })).toEqual({
      ok: true,
      period: { label: '2026-11-01..2027-01-31', start: '2026-11-01', end: '2027-01-31' },
    });
  });

  it('accepts years 0001–0099 as written', () => {
    expect(parsePeriod({ start: '0099-01-01', end: '0099-03-31' })).toEqual({
      ok: true,
      period: { label: '0099-01-01..0099-03-31', start: '0099-01-01', end: '0099-03-31' },
    });
  });

  it('accepts a one-day period', () => {
    expect(parsePeriod({ start: '2026-11-15', end: '2026-11-15' }).ok).toBe(true);
  });

  it.each([
    [
      { start: '2026-02-30', end: '2026-03-31' },
      'start "2026-02-30" is not a date — use YYYY-MM-DD',
    ],
    [{ start: '2026-10-01', end: '31.12.2026' }, 'end "31.12.2026" is not a date — use YYYY-MM-DD'],
    [{ start: '2026-12-31', end: '2026-10-01' }, 'end 2026-10-01 is before start 2026-12-31'],
  ])('rejects %j', (input, message) => {
    expect(parsePeriod(input)).toEqual({ ok: false, message });
  });
});

describe('periodContains (inclusive, UTC days)', () => {
  const q4 = period('2026-Q4');
  it.each([
    ['2026-09-30', false],
    ['2026-10-01', true],
    ['2026-11-15', true],
    ['2026-12-31', true],
    ['2027-01-01', false],
  ])('2026-Q4 contains %s: %s', (day, inside) => {
    expect(periodContains(q4, day)).toBe(inside);
  });
});

describe('period phrases', () => {
  it.each([
    ['2026-Q3', 'with 2026-Q3', 'with 2026-Q3'],
    [{ start: '2026-07-15', end: '2026-09-30' }, 'on 2026-09-30', 'on 2026-07-15'],
  ])('%j ends %s and starts %s', (input, endPhrase, startPhrase) => {
    expect(periodEndPhrase(period(input))).toBe(endPhrase);
    expect(periodStartPhrase(period(input))).toBe(startPhrase);
  });
});
