import type { KrLiveView } from '../../../contract/key-results';
import type {
  RoadmapData,
  RoadmapKeyResult,
  RoadmapScope,
  SprintCapacityView,
} from '../../../contract/roadmap';
import {
  plan,
  roadmap,
  suggestKeyResults,
  type Day,
  type RoadmapKeyResult as CoreKeyResult,
  type Objective,
  type RoadmapSprint,
  type Settings,
} from '../../../core/index';
import type { UserDeps } from '../../deps';
import { mayCheckIn } from '../../forge/authorization';
import type { IssueRow } from '../../read/issue-row';
import { readBacklog } from '../../read/read-backlog';
import { loadWorkspace, noUsableOkrFile } from '../../store/workspace-store';
import { issueView } from '../decision-view';
import { krLiveView } from '../key-result-view';
import { suggestionViews } from '../suggestion-view';

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

/** A KR of the core's roadmap as the page shows it: its live view (one mapping), its work. */
function keyResultView(
  entry: CoreKeyResult,
  objective: Objective,
  asOf: Day,
  settings: Settings,
  rows: ReadonlyMap<string, IssueRow>,
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

/**
 * The roadmap page's data: the core's roadmap (`src/core/roadmap.ts`) of the backlog the user
 * may see, mapped to the contract, with KR suggestions for each Icebox issue learnt from the
 * same backlog (no extra request). Reads as the user and writes nothing.
 */
export async function getRoadmap(
  deps: UserDeps,
  scope: RoadmapScope,
  accountId: string | undefined,
): Promise<RoadmapData> {
  const workspace = await loadWorkspace(deps.store);
  if (workspace.okrs === null) {
    throw noUsableOkrFile(workspace.problems);
  }
  const { okrs, settings } = workspace;
  // Whether to offer check-ins is asked beside the reads, not after them: one round trip less.
  const [backlog, canCheckIn] = await Promise.all([
    (scope.kind === 'project' ? Promise.resolve([scope.projectKey]) : deps.user.projectKeys()).then(
      async (keys) => ({
        projectKeys: keys,
        ...(await readBacklog(deps.user, deps.app, keys, { withRows: true })),
      }),
    ),
    mayCheckIn({
      accountId,
      user: deps.user,
      checkInGroups: () => Promise.resolve(settings.checkInGroups),
    }),
  ]);
  const { projectKeys, rows } = backlog;
  const issues = backlog.issues.map((s) => s.snapshot);
  const planned = plan({ okrs, issues, settings, asOf: deps.today() });
  const map = roadmap({
    okrs,
    plan: planned,
    sprintState: (sprint) => backlog.sprintStates.get(sprint),
    settings,
  });
  const suggestions = suggestKeyResults(planned, okrs);
  return {
    scope,
    projectKeys,
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
    // Read with Jira's sprint states, so every sprint the roadmap keeps has one.
    sprints: map.sprints.flatMap((s) =>
      s.state === null ? [] : [sprintView(s, s.state, settings.capacity)],
    ),
    canCheckIn,
  };
}
