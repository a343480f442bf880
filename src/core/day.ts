/**
 * Calendar days as ISO strings (`2026-11-15`, UTC). The core never reads the clock:
 * every "today" arrives as one of these.
 */
export type Day = string;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for a valid ISO day, or `null` when the text is not a real date. */
export function dayNumber(text: string): number | null {
  const match = ISO_DAY.exec(text);
  if (!match) {
    return null;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day
  ) {
    return null;
  }
  return ms / MS_PER_DAY;
}

export function isDay(text: string): boolean {
  return dayNumber(text) !== null;
}

/** The ISO day for a day number; the inverse of `dayNumber`. */
export function dayFromNumber(n: number): Day {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}
