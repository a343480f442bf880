import type { RoadmapData, RoadmapScope, SprintCapacityView } from '../../../contract/roadmap';
import {
  plan,
  roadmap,
  suggestKeyResults,
  type RoadmapSprint,
  type Settings,
} from '../../../core/index';
import type { UserDeps } from '../../deps';
import { readBacklog } from '../../read/read-backlog';
import { loadWorkspace, noUsableOkrFile } from '../../store/workspace-store';
import { issueView } from '../decision-view';
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

/**
 * The roadmap page's data: the core's roadmap (`src/core/roadmap.ts`) of the backlog the user
 * may see, mapped to the contract, with KR suggestions for each Icebox issue learnt from the
 * same backlog (no extra request). Reads as the user and writes nothing.
 */
export async function getRoadmap(deps: UserDeps, scope: RoadmapScope): Promise<RoadmapData> {
  const workspace = await loadWorkspace(deps.store);
  if (workspace.okrs === null) {
    throw noUsableOkrFile(workspace.problems);
  }
  const { okrs, settings } = workspace;
  const projectKeys = scope.kind === 'project' ? [scope.projectKey] : await deps.user.projectKeys();
  const backlog = await readBacklog(deps.user, deps.app, projectKeys);
  const issues = backlog.issues.map((s) => s.snapshot);
  const planned = plan({ okrs, issues, settings, asOf: deps.today() });
  const map = roadmap({
    okrs,
    plan: planned,
    sprintState: (sprint) => backlog.sprintStates.get(sprint),
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
      keyResults: keyResults.map(({ kr, progress, expected, behindPlan, issues: linked }) => ({
        id: kr.id,
        title: kr.title,
        baseline: kr.baseline,
        target: kr.target,
        current: kr.current,
        unit: kr.unit ?? null,
        deadline: kr.deadline,
        progress,
        expected,
        behindPlan,
        issues: linked.map(issueView),
      })),
    })),
    coverage: map.coverage,
    icebox: map.icebox.map((d) => ({
      ...issueView(d),
      suggestions: suggestionViews(suggestions.get(d.issue.key) ?? [], okrs),
    })),
    krOptions: map.objectives.flatMap(({ objective, keyResults }) =>
      keyResults.map(({ kr }) => ({ id: kr.id, title: kr.title, objectiveId: objective.id })),
    ),
    // Read with Jira's sprint states, so every sprint the roadmap keeps has one.
    sprints: map.sprints.flatMap((s) =>
      s.state === null ? [] : [sprintView(s, s.state, settings.capacity)],
    ),
  };
}
