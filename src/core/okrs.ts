import type { CheckIn } from './check-in';
import { dayNumber, type Day } from './day';
import { periodContains, type Period } from './period';
import type { ProgressSource } from './progress-source';

/** A measurable result: progress runs from `baseline` to `target`, in either direction. */
export interface KeyResult {
  id: string;
  title: string;
  objectiveId: string;
  baseline: number;
  target: number;
  /** The file's `current:` (else the baseline): the value before any check-in. */
  current: number;
  unit?: string;
  owner?: string;
  /** Where the value comes from; `manual` unless the file says otherwise. */
  progress: ProgressSource;
  /** Dated values, oldest first; the latest on or before the as-of day is the KR's value. */
  checkIns: CheckIn[];
  /** Defaults to the last day of the objective's period. */
  deadline: Day;
  weight: number;
}

export interface Objective {
  id: string;
  title: string;
  period: Period;
  weight: number;
  owner?: string;
  parent?: string;
  keyResults: KeyResult[];
}

export interface Okrs {
  objectives: Objective[];
}

/**
 * (current − baseline) / (target − baseline), clamped to 0..1; a "reduce" KR works the same
 * way. Pass the value as of a day (`currentAt`) when the KR has check-ins.
 */
export function krProgress(kr: Pick<KeyResult, 'baseline' | 'target' | 'current'>): number {
  const span = kr.target - kr.baseline;
  if (span === 0) {
    return 0;
  }
  return clamp01((kr.current - kr.baseline) / span);
}

/** Where the KR should be by `asOf` on a straight line from period start to its deadline, 0..1. */
export function krExpected(kr: Pick<KeyResult, 'deadline'>, period: Period, asOf: Day): number {
  const start = dayNumber(period.start) ?? 0;
  const deadline = dayNumber(kr.deadline) ?? start;
  const today = dayNumber(asOf) ?? start;
  if (deadline <= start) {
    return today >= deadline ? 1 : 0;
  }
  return clamp01((today - start) / (deadline - start));
}

export function isActive(objective: Objective, asOf: Day): boolean {
  return periodContains(objective.period, asOf);
}

export interface KrEntry {
  kr: KeyResult;
  objective: Objective;
}

/** Every KR by id, with its objective: the lookup issue links resolve against. */
export function indexKeyResults(okrs: Okrs): Map<string, KrEntry> {
  const index = new Map<string, KrEntry>();
  for (const objective of okrs.objectives) {
    for (const kr of objective.keyResults) {
      index.set(kr.id, { kr, objective });
    }
  }
  return index;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
