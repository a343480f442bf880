import { krStanding } from './alignment';
import { checkInsAsOf, lastCheckIn, type CheckIn } from './check-in';
import type { Day } from './day';
import { healthOf, isStale, type Health, type HealthSettings } from './health';
import type { KeyResult, Objective, Okrs } from './okrs';

/** Where a key result stands on a day: its value, pace, health and whether it went stale. */
export interface KrStatus {
  current: number;
  /** 0..1, from baseline to target. */
  progress: number;
  /** 0..1: where a straight line from period start to deadline says it should be. */
  expected: number;
  /** 1 + max(0, expected − progress): the schedule boost's measure, whatever the setting. */
  lag: number;
  health: Health;
  stale: boolean;
  lastCheckIn: CheckIn | null;
  /** Check-ins on or before the day, oldest first. */
  checkIns: CheckIn[];
}

export function krStatus(
  kr: KeyResult,
  objective: Objective,
  asOf: Day,
  settings: HealthSettings,
): KrStatus {
  const { current, progress, expected, lag } = krStanding(kr, objective, asOf, true);
  return {
    current,
    progress,
    expected,
    lag,
    health: healthOf(progress, expected, settings),
    stale: isStale(kr, objective, asOf, settings),
    lastCheckIn: lastCheckIn(kr, asOf),
    checkIns: checkInsAsOf(kr, asOf),
  };
}

/** One entry of `keyrank plan --json`'s top-level `keyResults` (PRODUCT.md §7). */
export interface KeyResultReport {
  id: string;
  objective: string;
  baseline: number;
  target: number;
  current: number;
  progress: number;
  expected: number;
  lag: number;
  health: Health;
  stale: boolean;
  lastCheckIn: { date: Day; value: number } | null;
  checkIns: CheckIn[];
}

/** One key result's report as of `asOf`. */
export function keyResultReport(
  kr: KeyResult,
  objective: Objective,
  asOf: Day,
  settings: HealthSettings,
): KeyResultReport {
  const status = krStatus(kr, objective, asOf, settings);
  return {
    id: kr.id,
    objective: objective.id,
    baseline: kr.baseline,
    target: kr.target,
    current: status.current,
    progress: status.progress,
    expected: status.expected,
    lag: status.lag,
    health: status.health,
    stale: status.stale,
    lastCheckIn:
      status.lastCheckIn === null
        ? null
        : { date: status.lastCheckIn.date, value: status.lastCheckIn.value },
    checkIns: status.checkIns,
  };
}

/** Every key result in file order, as of `asOf`. */
export function keyResultReports(
  okrs: Okrs,
  asOf: Day,
  settings: HealthSettings,
): KeyResultReport[] {
  return okrs.objectives.flatMap((objective) =>
    objective.keyResults.map((kr) => keyResultReport(kr, objective, asOf, settings)),
  );
}

/** Who should update a stale KR: its owner, else its objective's owner, else null. */
export function krOwner(
  kr: Pick<KeyResult, 'owner'>,
  objective: Pick<Objective, 'owner'>,
): string | null {
  return kr.owner ?? objective.owner ?? null;
}
