import type { Day } from './day';
import type { KeyResult, Okrs } from './okrs';

/** Where a check-in came from: a person, a progress source read by Keyrank, or the OKR file. */
export const CHECK_IN_SOURCES = ['manual', 'linked-done', 'query', 'push', 'file'] as const;
export type CheckInSource = (typeof CHECK_IN_SOURCES)[number];

/** One dated value of a key result. */
export interface CheckIn {
  date: Day;
  value: number;
  note?: string;
  /** Who checked in (an email or account id); absent for automatic values. */
  by?: string;
  source?: CheckInSource;
}

/**
 * The check-ins on or before `asOf`, oldest first. Later ones are ignored everywhere
 * (current value, last check-in, staleness, lists): a plan as of a past day sees that day.
 */
export function checkInsAsOf(kr: Pick<KeyResult, 'checkIns'>, asOf: Day): CheckIn[] {
  const list = kr.checkIns;
  let end = list.length;
  while (end > 0 && (list[end - 1] as CheckIn).date > asOf) {
    end--;
  }
  return end === list.length ? list : list.slice(0, end);
}

/** The latest check-in on or before `asOf`, or null. Check-ins are kept in date order. */
export function lastCheckIn(kr: Pick<KeyResult, 'checkIns'>, asOf: Day): CheckIn | null {
  for (let i = kr.checkIns.length - 1; i >= 0; i--) {
    const checkIn = kr.checkIns[i] as CheckIn;
    if (checkIn.date <= asOf) {
      return checkIn;
    }
  }
  return null;
}

/** The KR's value on `asOf`: its latest check-in by then, else the file's `current` (or baseline). */
export function currentAt(kr: Pick<KeyResult, 'checkIns' | 'current'>, asOf: Day): number {
  return lastCheckIn(kr, asOf)?.value ?? kr.current;
}

/** The check-in with only the keys it has: stored and printed without `undefined` holes. */
export function compactCheckIn(c: CheckIn): CheckIn {
  return {
    date: c.date,
    value: c.value,
    ...(c.note !== undefined && { note: c.note }),
    ...(c.by !== undefined && { by: c.by }),
    ...(c.source !== undefined && { source: c.source }),
  };
}

/** Oldest first; check-ins of one day keep the order they were made in (the last one counts). */
export function sortCheckIns(checkIns: readonly CheckIn[]): CheckIn[] {
  return [...checkIns].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The OKRs with one more check-in on `krId`; every other key result is the same object. */
export function withCheckIn(okrs: Okrs, krId: string, checkIn: CheckIn): Okrs {
  return withCheckIns(okrs, new Map([[krId, [checkIn]]]));
}

/** The OKRs with check-ins added per KR id (ids that are no KR are ignored). */
export function withCheckIns(okrs: Okrs, added: ReadonlyMap<string, readonly CheckIn[]>): Okrs {
  if (added.size === 0) {
    return okrs;
  }
  return {
    objectives: okrs.objectives.map((objective) =>
      objective.keyResults.some((kr) => added.has(kr.id))
        ? {
            ...objective,
            keyResults: objective.keyResults.map((kr) => {
              const more = added.get(kr.id);
              return more === undefined || more.length === 0
                ? kr
                : { ...kr, checkIns: sortCheckIns([...kr.checkIns, ...more]) };
            }),
          }
        : objective,
    ),
  };
}

/**
 * An automatic source's reading as a check-in dated `asOf`, or null when it says what the KR
 * already says: automatic values are recorded only when they change.
 */
export function automaticCheckIn(
  kr: Pick<KeyResult, 'checkIns' | 'current'>,
  value: number,
  asOf: Day,
  source: CheckInSource,
): CheckIn | null {
  if (!Number.isFinite(value) || value === currentAt(kr, asOf)) {
    return null;
  }
  return { date: asOf, value, source };
}
