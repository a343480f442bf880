import type { CheckInView, KrLiveView } from '../../contract/key-results';
import {
  krOwner,
  krStatus,
  type CheckIn,
  type Day,
  type HealthSettings,
  type KeyResult,
  type Objective,
} from '../../core/index';

/** A check-in as the pages show it. */
export function checkInView(c: CheckIn): CheckInView {
  return {
    date: c.date,
    value: c.value,
    note: c.note ?? null,
    by: c.by ?? null,
    source: c.source ?? 'file',
  };
}

/** Where a key result stands, as every page shows it: the one KR → view mapping. */
export function krLiveView(
  kr: KeyResult,
  objective: Objective,
  asOf: Day,
  settings: HealthSettings,
): KrLiveView {
  const status = krStatus(kr, objective, asOf, settings);
  return {
    krId: kr.id,
    current: status.current,
    progress: status.progress,
    expected: status.expected,
    health: status.health,
    stale: status.stale,
    owner: krOwner(kr, objective),
    progressSource: kr.progress.source,
    lastCheckIn:
      status.lastCheckIn === null
        ? null
        : { date: status.lastCheckIn.date, value: status.lastCheckIn.value },
    checkIns: status.checkIns.map(checkInView),
  };
}
