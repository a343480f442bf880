/**
 * Calendar days as ISO strings (`2026-11-15`, UTC). The core never reads the clock:
 * every "today" arrives as one of these.
 */
export type Day = string;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Days since 1970-01-01 for a year, a 0-based month and a day of the month, rolling over like
 * `Date.UTC` (month 12 is January of the next year) but without its quirk of reading years
 * 0–99 as 1900–1999.
 */
export function utcDayNumber(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime() / MS_PER_DAY;
}

/** Days since 1970-01-01 for a valid ISO day, or `null` when the text is not a real date. */
export function dayNumber(text: string): number | null {
  const match = ISO_DAY.exec(text);
  if (!match) {
    return null;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const n = utcDayNumber(year, month - 1, day);
  // 2026-02-30 rolls over to March; a real date survives the round trip.
  return dayFromNumber(n) === text ? n : null;
}

export function isDay(text: string): boolean {
  return dayNumber(text) !== null;
}

/** The ISO day for a day number; the inverse of `dayNumber`. */
export function dayFromNumber(n: number): Day {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}
