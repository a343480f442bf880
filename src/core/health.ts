import { lastCheckIn } from './check-in';
import { dayNumber, type Day } from './day';
import type { KeyResult, Objective } from './okrs';
import type { Settings } from './settings';

export const HEALTH_GRADES = ['on-track', 'at-risk', 'behind'] as const;
export type Health = (typeof HEALTH_GRADES)[number];

export type HealthSettings = Pick<Settings, 'health' | 'staleAfterDays'>;

/** 0.5 − 0.4 is 0.0999…98 in floating point: a gap of exactly 10% is at risk, as written. */
const EPSILON = 1e-9;

/** gap = expected − progress: under `atRisk` on track, under `behind` at risk, else behind. */
export function healthOf(progress: number, expected: number, settings: HealthSettings): Health {
  const gap = expected - progress + EPSILON;
  if (gap < settings.health.atRisk) {
    return 'on-track';
  }
  return gap < settings.health.behind ? 'at-risk' : 'behind';
}

/**
 * Stale: the objective is running, its period began more than `staleAfterDays` ago, and the
 * KR has no check-in in the last `staleAfterDays` days (a bare `current:` is no check-in).
 * An ended or future objective is not stale: nobody is expected to update it.
 */
export function isStale(
  kr: Pick<KeyResult, 'checkIns'>,
  objective: Pick<Objective, 'period'>,
  asOf: Day,
  settings: HealthSettings,
): boolean {
  const today = dayNumber(asOf);
  const start = dayNumber(objective.period.start);
  const end = dayNumber(objective.period.end);
  if (today === null || start === null || end === null || today > end) {
    return false;
  }
  if (today - start <= settings.staleAfterDays) {
    return false;
  }
  const last = lastCheckIn(kr, asOf);
  const lastDay = last === null ? null : dayNumber(last.date);
  return lastDay === null || today - lastDay >= settings.staleAfterDays;
}
