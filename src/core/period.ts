import { dayFromNumber, dayNumber, utcDayNumber, type Day } from './day';

/** An OKR period: inclusive UTC days, with the label people wrote (`2026-Q4`). */
export interface Period {
  label: string;
  start: Day;
  end: Day;
}

export type PeriodInput = string | { start: string; end: string };

export type PeriodResult = { ok: true; period: Period } | { ok: false; message: string };

const QUARTER = /^(\d{4})-Q([1-4])$/i;

export const PERIOD_FORMS = 'a quarter such as 2026-Q4, or { start: 2026-10-01, end: 2026-12-31 }';

export function parsePeriod(input: PeriodInput): PeriodResult {
  if (typeof input === 'string') {
    const match = QUARTER.exec(input.trim());
    if (!match) {
      return { ok: false, message: `"${input}" is not a period — use ${PERIOD_FORMS}` };
    }
    // The year as written: 0042, not 42.
    const year = match[1] ?? '';
    const quarter = Number(match[2]);
    const startMonth = (quarter - 1) * 3;
    const start = utcDayNumber(Number(year), startMonth, 1);
    const end = utcDayNumber(Number(year), startMonth + 3, 1) - 1;
    return {
      ok: true,
      period: {
        label: `${year}-Q${quarter}`,
        start: dayFromNumber(start),
        end: dayFromNumber(end),
      },
    };
  }
  const start = dayNumber(input.start);
  const end = dayNumber(input.end);
  if (start === null) {
    return { ok: false, message: `start "${input.start}" is not a date — use YYYY-MM-DD` };
  }
  if (end === null) {
    return { ok: false, message: `end "${input.end}" is not a date — use YYYY-MM-DD` };
  }
  if (end < start) {
    return { ok: false, message: `end ${input.end} is before start ${input.start}` };
  }
  return {
    ok: true,
    period: { label: `${input.start}..${input.end}`, start: input.start, end: input.end },
  };
}

export function periodContains(period: Period, day: Day): boolean {
  return period.start <= day && day <= period.end;
}

/** How a finished period reads in a sentence: "with 2026-Q3" or "on 2026-09-30". */
export function periodEndPhrase(period: Period): string {
  return QUARTER.test(period.label) ? `with ${period.label}` : `on ${period.end}`;
}

export function periodStartPhrase(period: Period): string {
  return QUARTER.test(period.label) ? `with ${period.label}` : `on ${period.start}`;
}
