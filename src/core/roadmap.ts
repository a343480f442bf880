import { BEHIND_PLAN_LAG, krStanding } from './alignment';
import type { SprintCapacity } from './capacity';
import type { Day } from './day';
import type { HealthSettings } from './health';
import { krOwner, krStatus, type KrStatus } from './key-result-report';
import { isActive, type KeyResult, type Objective, type Okrs } from './okrs';
import type { IssueDecision, Plan } from './plan';
import { DEFAULT_SETTINGS } from './settings';

/**
 * The roadmap: each active objective with its key results — where each stands today and the
 * open work linked to it, best first — plus coverage gaps, the Icebox and sprint capacity.
 * Built from a `Plan`, so every page (Jira's roadmap, `keyrank plan`, a Linear page) shows the
 * same standing, the same order and the same gaps.
 */
export interface Roadmap {
  asOf: Day;
  objectives: RoadmapObjective[];
  coverage: CoverageGap[];
  /** Decisions in the Icebox, in the plan's order. */
  icebox: IssueDecision[];
  sprints: RoadmapSprint[];
}

export interface RoadmapObjective {
  objective: Objective;
  keyResults: RoadmapKeyResult[];
}

export interface RoadmapKeyResult extends KrStatus {
  kr: KeyResult;
  /** Who updates it: the KR's owner, else its objective's; null when the file names nobody. */
  owner: string | null;
  /** Progress trails the expected point by a lag worth a warning (`KrStanding.behindPlan`). */
  behindPlan: boolean;
  /** Decisions linked to this KR: highest score first, unscored after, in plan order. */
  issues: IssueDecision[];
}

export interface CoverageGap {
  kind: 'kr-without-work' | 'objective-without-progress';
  /** The KR or objective id. */
  id: string;
  message: string;
}

/** A sprint's state as the tracker says it: running, planned, or over. */
export type SprintState = 'active' | 'future' | 'closed';

export interface RoadmapSprint extends SprintCapacity {
  /** The running sprint or the next planned one; null when the tracker gave no states. */
  state: 'active' | 'next' | null;
}

export interface RoadmapInput {
  okrs: Okrs;
  plan: Plan;
  /**
   * The tracker's state of a sprint. With it, the roadmap keeps the running sprints and the
   * first planned one (what a team plans against this week); without it, every sprint.
   */
  sprintState?: (sprint: string) => SprintState | undefined;
  /** Health grades and staleness; the defaults when absent. */
  settings?: HealthSettings;
}

/** Highest score first; unscored work after it, in plan order (the sort is stable). */
function byScore(a: IssueDecision, b: IssueDecision): number {
  if (a.score === null || b.score === null) {
    return (a.score === null ? 1 : 0) - (b.score === null ? 1 : 0);
  }
  return b.score - a.score;
}

function sprintsOf(
  capacity: readonly SprintCapacity[],
  stateOf: RoadmapInput['sprintState'],
): RoadmapSprint[] {
  if (stateOf === undefined) {
    return capacity.map((c) => ({ ...c, state: null }));
  }
  const sprints: RoadmapSprint[] = [];
  let next = false;
  for (const c of capacity) {
    const tracker = stateOf(c.sprint);
    const state: RoadmapSprint['state'] =
      tracker === 'active' ? 'active' : tracker === 'future' && !next ? 'next' : null;
    if (state !== null) {
      next ||= state === 'next';
      sprints.push({ ...c, state });
    }
  }
  return sprints.sort((a, b) => (a.state === b.state ? 0 : a.state === 'active' ? -1 : 1));
}

/**
 * The roadmap of a plan. Pure: KR standing is read on the plan's as-of day, with the
 * schedule boost's measure of lag whatever the setting (the boost changes scores, not where a
 * key result stands).
 *
 * @example
 * const map = roadmap({ okrs, plan: plan({ okrs, issues, settings, asOf }) });
 * map.coverage.map((gap) => gap.message); // ["O2-KR1 has no work in the backlog"]
 */
export function roadmap(input: RoadmapInput): Roadmap {
  const { okrs, plan } = input;
  const byKr = new Map<string, IssueDecision[]>();
  for (const d of plan.issues) {
    for (const standing of d.keyResults) {
      const list = byKr.get(standing.kr.id) ?? [];
      list.push(d);
      byKr.set(standing.kr.id, list);
    }
  }

  const objectives = okrs.objectives
    .filter((objective) => isActive(objective, plan.asOf))
    .map((objective): RoadmapObjective => {
      const keyResults = objective.keyResults.map((kr): RoadmapKeyResult => {
        const status = krStatus(kr, objective, plan.asOf, input.settings ?? DEFAULT_SETTINGS);
        const issues = [...(byKr.get(kr.id) ?? [])].sort(byScore);
        return {
          kr,
          ...status,
          owner: krOwner(kr, objective),
          behindPlan: status.lag >= BEHIND_PLAN_LAG,
          issues,
        };
      });
      return { objective, keyResults };
    });

  return {
    asOf: plan.asOf,
    objectives,
    coverage: coverageGaps(okrs, plan),
    icebox: plan.issues.filter((d) => d.icebox),
    sprints: sprintsOf(plan.capacity, input.sprintState),
  };
}

/**
 * What the roadmap's coverage says, on its own: each active KR no work serves, and each
 * active objective none of whose KRs has moved. For a reader that needs only the gaps
 * (`keyrank plan`'s table), without ranking every KR's work.
 */
export function coverageGaps(okrs: Okrs, plan: Plan): CoverageGap[] {
  const served = new Set<string>();
  for (const d of plan.issues) {
    for (const standing of d.keyResults) {
      served.add(standing.kr.id);
    }
  }
  const gaps: CoverageGap[] = [];
  for (const objective of okrs.objectives.filter((o) => isActive(o, plan.asOf))) {
    let moved = false;
    for (const kr of objective.keyResults) {
      if (!served.has(kr.id)) {
        gaps.push({
          kind: 'kr-without-work',
          id: kr.id,
          message: `${kr.id} has no work in the backlog`,
        });
      }
      moved ||= krStanding(kr, objective, plan.asOf, true).progress !== 0;
    }
    if (!moved) {
      gaps.push({
        kind: 'objective-without-progress',
        id: objective.id,
        message: `${objective.id} has no key-result progress in ${objective.period.label}`,
      });
    }
  }
  return gaps;
}
