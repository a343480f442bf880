/**
 * The core's decisions and roadmap as every page shows them, whichever tracker they came from:
 * the one mapping core → contract that the Jira resolvers (src/jira/pages) and the Linear
 * server's API (src/linear/server/api) share, so a score, a KR's standing or an Icebox entry
 * reads the same in both. Pure: no tracker, no I/O.
 */
import {
  keyResultReport,
  krOwner,
  round2,
  type CheckIn,
  type Day,
  type HealthSettings,
  type IssueDecision,
  type KeyResult,
  type KrSuggestion,
  type Objective,
  type Okrs,
  type Roadmap,
  type RoadmapKeyResult as CoreKeyResult,
  type RoadmapSprint,
  type Settings,
} from '../core/index';
import type { CheckInView, KrLiveView } from './key-results';
import type { IssueVerdict, KrSuggestionView } from './panel';
import type { RoadmapData, RoadmapIssue, RoadmapKeyResult, SprintCapacityView } from './roadmap';

/**
 * What a page shows of an issue besides the core's snapshot: the tracker's status name and who
 * has it. Kept beside the snapshot, not in it — the core ranks work, it does not know people.
 */
export interface IssueRowView {
  statusName: string | null;
  assignee: string | null;
}

/** The core's decision as every page shows it: the one decision → view mapping. */
export function verdictOf(d: IssueDecision): IssueVerdict {
  return {
    score: d.score === null ? null : round2(d.score),
    explanation: d.explanation,
    icebox: d.icebox,
    iceboxReason: d.iceboxReason,
    bau: d.bau,
    problems: d.problems,
  };
}

const UNKNOWN_ROW: IssueRowView = { statusName: null, assignee: null };

/**
 * A decision with its issue: a roadmap row, under a KR or in the Icebox. `row` is what the
 * tracker said beside the snapshot (status name, assignee); unknown (null) where it was not read.
 */
export function issueView(d: IssueDecision, row: IssueRowView = UNKNOWN_ROW): RoadmapIssue {
  return {
    key: d.issue.key,
    title: d.issue.title,
    status: d.issue.status,
    statusName: row.statusName,
    assignee: row.assignee,
    ...verdictOf(d),
  };
}

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
  const report = keyResultReport(kr, objective, asOf, settings);
  return {
    krId: report.id,
    current: report.current,
    progress: report.progress,
    expected: report.expected,
    health: report.health,
    stale: report.stale,
    owner: krOwner(kr, objective),
    progressSource: kr.progress.source,
    lastCheckIn: report.lastCheckIn,
    checkIns: report.checkIns.map(checkInView),
  };
}

/** The core's suggestions as every page shows them: with the key result's title and objective. */
export function suggestionViews(
  suggestions: readonly KrSuggestion[],
  okrs: Okrs,
): KrSuggestionView[] {
  return suggestions.flatMap((s) => {
    for (const objective of okrs.objectives) {
      const kr = objective.keyResults.find((k) => k.id === s.kr);
      if (kr !== undefined) {
        return [
          {
            kr: s.kr,
            title: kr.title,
            objectiveId: objective.id,
            score: round2(s.score),
            reason: s.reason,
          },
        ];
      }
    }
    return [];
  });
}

function sprintView(
  s: RoadmapSprint,
  state: SprintCapacityView['state'],
  band: Settings['capacity'],
): SprintCapacityView {
  return {
    sprint: s.sprint,
    state,
    okr: s.okr,
    bau: s.bau,
    unaligned: s.unaligned,
    totalEffort: s.effort.total,
    band: { okrMin: band.okrMin, okrMax: band.okrMax },
    warnings: s.warnings.map((w) => ({
      direction: w.direction,
      message: w.message,
      add: w.add,
      remove: w.remove,
    })),
  };
}

type Rows = ReadonlyMap<string, IssueRowView>;

/** A KR of the core's roadmap as the page shows it: its live view (one mapping), its work. */
function keyResultView(
  entry: CoreKeyResult,
  objective: Objective,
  asOf: Day,
  settings: HealthSettings,
  rows: Rows,
): RoadmapKeyResult {
  const { kr, behindPlan, issues } = entry;
  const live: Omit<KrLiveView, 'krId'> & { krId?: string } = krLiveView(
    kr,
    objective,
    asOf,
    settings,
  );
  delete live.krId;
  return {
    id: kr.id,
    title: kr.title,
    baseline: kr.baseline,
    target: kr.target,
    unit: kr.unit ?? null,
    periodStart: objective.period.start,
    deadline: kr.deadline,
    ...live,
    behindPlan,
    issues: issues.map((d) => issueView(d, rows.get(d.issue.key))),
  };
}

/** The sections of the roadmap page every tracker fills the same way. */
export type RoadmapSections = Pick<
  RoadmapData,
  'asOf' | 'objectives' | 'coverage' | 'icebox' | 'krOptions' | 'sprints'
>;

/**
 * The core's roadmap (`src/core/roadmap.ts`) as the page's sections: objectives → KRs → work,
 * coverage, the Icebox with its suggestions, the KRs an Icebox entry can be linked to, and the
 * capacity of the sprints (cycles) that have a state. The tracker adds scope, teams and
 * `canCheckIn`.
 */
export function roadmapSections(input: {
  map: Roadmap;
  okrs: Okrs;
  settings: Settings;
  /** Status names and assignees by issue key; missing keys show as unknown. */
  rows: Rows;
  /** The core's KR suggestions by Icebox issue key (`suggestKeyResults`). */
  suggestions: ReadonlyMap<string, readonly KrSuggestion[]>;
}): RoadmapSections {
  const { map, okrs, settings, rows, suggestions } = input;
  return {
    asOf: map.asOf,
    objectives: map.objectives.map(({ objective, keyResults }) => ({
      id: objective.id,
      title: objective.title,
      period: objective.period.label,
      weight: objective.weight,
      owner: objective.owner ?? null,
      keyResults: keyResults.map((entry) =>
        keyResultView(entry, objective, map.asOf, settings, rows),
      ),
    })),
    coverage: map.coverage,
    icebox: map.icebox.map((d) => ({
      ...issueView(d, rows.get(d.issue.key)),
      suggestions: suggestionViews(suggestions.get(d.issue.key) ?? [], okrs),
    })),
    krOptions: map.objectives.flatMap(({ objective, keyResults }) =>
      keyResults.map(({ kr }) => ({ id: kr.id, title: kr.title, objectiveId: objective.id })),
    ),
    // Only sprints the tracker gave a state: the running one and the next planned one.
    sprints: map.sprints.flatMap((s) =>
      s.state === null ? [] : [sprintView(s, s.state, settings.capacity)],
    ),
  };
}
