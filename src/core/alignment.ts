import { currentAt } from './check-in';
import type { Day } from './day';
import {
  indexKeyResults,
  isActive,
  krExpected,
  krProgress,
  type KeyResult,
  type Objective,
  type Okrs,
} from './okrs';
import { periodEndPhrase, periodStartPhrase } from './period';
import { nearestId } from './nearest-id';

/**
 * How much a link to a key result is worth on a given day. Computed once per KR per plan,
 * so scoring a large backlog costs one lookup per link.
 */
export interface KrStanding {
  kr: KeyResult;
  objective: Objective;
  active: boolean;
  /** The KR's value on the as-of day: its latest check-in by then, else the file's. */
  current: number;
  /** Why the KR does not count today ("ended with 2026-Q3"); set when inactive. */
  inactiveReason?: string;
  progress: number;
  expected: number;
  /** 1 + max(0, expected − progress); 1 without the schedule boost. */
  lag: number;
  /** objective.weight × kr.weight × lag: what one link adds to alignment. */
  factor: number;
  /** Lag large enough to show in two decimals; a lag of 1.001 is not worth a warning. */
  behindPlan: boolean;
}

export interface KrBook {
  asOf: Day;
  standings: Map<string, KrStanding>;
  /** Unknown ids seen so far → the known id they most likely meant (or null). */
  guesses: Map<string, string | null>;
  /** Alignment explanations worded so far, by the ids of the active links they explain. */
  alignmentTexts: Map<string, string>;
}

/** A lag large enough to show in two decimals; 1.001 is not worth a warning. */
export const BEHIND_PLAN_LAG = 1.005;

export function krStanding(
  kr: KeyResult,
  objective: Objective,
  asOf: Day,
  scheduleBoost: boolean,
): KrStanding {
  const current = currentAt(kr, asOf);
  const progress = krProgress({ baseline: kr.baseline, target: kr.target, current });
  const expected = krExpected(kr, objective.period, asOf);
  const lag = scheduleBoost ? 1 + Math.max(0, expected - progress) : 1;
  const active = isActive(objective, asOf);
  const standing: KrStanding = {
    kr,
    objective,
    active,
    current,
    progress,
    expected,
    lag,
    factor: objective.weight * kr.weight * lag,
    behindPlan: lag >= BEHIND_PLAN_LAG,
  };
  if (!active) {
    standing.inactiveReason =
      asOf > objective.period.end
        ? `${kr.id} ended ${periodEndPhrase(objective.period)}`
        : `${kr.id} starts ${periodStartPhrase(objective.period)}`;
  }
  return standing;
}

export function prepareKeyResults(okrs: Okrs, asOf: Day, scheduleBoost: boolean): KrBook {
  const standings = new Map<string, KrStanding>();
  for (const [id, { kr, objective }] of indexKeyResults(okrs)) {
    standings.set(id, krStanding(kr, objective, asOf, scheduleBoost));
  }
  return { asOf, standings, guesses: new Map(), alignmentTexts: new Map() };
}

/** Up to this many links are deduplicated by looking back rather than with a Set. */
const FEW_LINKS = 8;

export interface ResolvedLinks {
  active: KrStanding[];
  /** One sentence per link that does not count: unknown, ended or not yet started. */
  dead: string[];
}

/** Splits an issue's KR ids into links that count today and reasons for those that don't. */
export function resolveLinks(ids: readonly string[], book: KrBook): ResolvedLinks {
  const only = ids.length === 1 ? book.standings.get(ids[0] as string) : undefined;
  if (only?.active) {
    // The usual issue: one link, to an active KR. A list of one, not one grown for sixteen.
    return { active: [only], dead: [] };
  }
  const active: KrStanding[] = [];
  const dead: string[] = [];
  // Each id once, first use first. Most issues link one or two KRs: for a few, looking back
  // costs less than building a Set and iterating it.
  const deduplicated = ids.length > FEW_LINKS;
  const unique = deduplicated ? [...new Set(ids)] : ids;
  for (let i = 0; i < unique.length; i++) {
    const id = unique[i] as string;
    if (!deduplicated && ids.indexOf(id) < i) {
      continue;
    }
    const standing = book.standings.get(id);
    if (standing?.active) {
      active.push(standing);
    } else if (standing) {
      dead.push(standing.inactiveReason ?? `${id} is not active`);
    } else {
      dead.push(unknownReason(id, book));
    }
  }
  return { active, dead };
}

function unknownReason(id: string, book: KrBook): string {
  let guess = book.guesses.get(id);
  if (guess === undefined) {
    guess = nearestId(id, [...book.standings.keys()]);
    book.guesses.set(id, guess);
  }
  const hint = guess === null ? '' : ` — did you mean ${guess}?`;
  return `${id} is not a known key result${hint}`;
}

/** Σ objective.weight × kr.weight × lag over the active links. */
export function alignmentOf(active: readonly KrStanding[]): number {
  let sum = 0;
  for (const standing of active) {
    sum += standing.factor;
  }
  return sum;
}
