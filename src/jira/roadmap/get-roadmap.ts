import {
  isActive,
  krStanding,
  plan,
  round2,
  type IssueDecision,
  type Plan,
  type Settings,
} from '../../core/index';
import type {
  CoverageFlag,
  RoadmapData,
  RoadmapIssue,
  RoadmapObjective,
  RoadmapScope,
  SprintCapacityView,
} from '../../shared/roadmap-contract';
import { StorageCorruptError } from '../errors';
import type { UserDeps } from '../services/jira-deps';
import { krChoices } from '../services/kr-choices';
import { loadWorkspace } from '../storage/workspace-store';
import { readBacklog } from './read-backlog';

/** Half a percent: the same threshold below which the core calls a lag not worth a warning. */
const BEHIND_PLAN = 0.005;

function issueOf(d: IssueDecision): RoadmapIssue {
  return {
    key: d.issue.key,
    title: d.issue.title,
    status: d.issue.status,
    score: d.score === null ? null : round2(d.score),
    explanation: d.explanation,
    problems: d.problems,
  };
}

/** Highest score first; unscored work after it, in backlog order (the sort is stable). */
function byScore(a: IssueDecision, b: IssueDecision): number {
  if (a.score === null || b.score === null) {
    return (a.score === null ? 1 : 0) - (b.score === null ? 1 : 0);
  }
  return b.score - a.score;
}

/** The running sprints, then the first planned one: what a team plans against this week. */
function sprintViews(
  result: Plan,
  sprintStates: ReadonlyMap<string, string>,
  band: Settings['capacity'],
): SprintCapacityView[] {
  const views: SprintCapacityView[] = [];
  let next = false;
  for (const c of result.capacity) {
    const jiraState = sprintStates.get(c.sprint);
    const state: SprintCapacityView['state'] | null =
      jiraState === 'active' ? 'active' : jiraState === 'future' && !next ? 'next' : null;
    if (state === null) {
      continue;
    }
    next ||= state === 'next';
    views.push({
      sprint: c.sprint,
      state,
      okr: c.okr,
      bau: c.bau,
      unaligned: c.unaligned,
      totalEffort: c.effort.total,
      band: { okrMin: band.okrMin, okrMax: band.okrMax },
      warnings: c.warnings.map((w) => ({
        direction: w.direction,
        message: w.message,
        add: w.add,
        remove: w.remove,
      })),
    });
  }
  return views.sort((a, b) => (a.state === b.state ? 0 : a.state === 'active' ? -1 : 1));
}

/**
 * The roadmap: active objectives with their key results (progress against where they should
 * be today) and the open work linked to each, coverage gaps, the Icebox and sprint capacity.
 * Reads as the user and writes nothing.
 */
export async function getRoadmap(deps: UserDeps, scope: RoadmapScope): Promise<RoadmapData> {
  const workspace = await loadWorkspace(deps.store);
  if (workspace.okrs === null) {
    throw new StorageCorruptError(
      'Keyrank has no usable OKR file — an admin can import one on the Keyrank OKRs page',
      workspace.problems,
    );
  }
  const okrs = workspace.okrs;
  const projectKeys = scope.kind === 'project' ? [scope.projectKey] : await deps.user.projectKeys();
  const backlog = await readBacklog(deps.user, deps.app, projectKeys);
  const asOf = deps.today();
  const result = plan({ okrs, issues: backlog.issues, settings: workspace.settings, asOf });

  const byKr = new Map<string, IssueDecision[]>();
  for (const d of result.issues) {
    for (const standing of d.keyResults) {
      const list = byKr.get(standing.kr.id) ?? [];
      list.push(d);
      byKr.set(standing.kr.id, list);
    }
  }

  const coverage: CoverageFlag[] = [];
  const objectives: RoadmapObjective[] = okrs.objectives
    .filter((objective) => isActive(objective, asOf))
    .map((objective) => {
      const keyResults = objective.keyResults.map((kr) => {
        const standing = krStanding(kr, objective, asOf, true);
        const linked = [...(byKr.get(kr.id) ?? [])].sort(byScore);
        if (linked.length === 0) {
          coverage.push({
            kind: 'kr-without-work',
            id: kr.id,
            message: `${kr.id} has no work in the backlog`,
          });
        }
        return {
          id: kr.id,
          title: kr.title,
          baseline: kr.baseline,
          target: kr.target,
          current: kr.current,
          unit: kr.unit ?? null,
          deadline: kr.deadline,
          progress: standing.progress,
          expected: standing.expected,
          behindPlan: standing.expected - standing.progress >= BEHIND_PLAN,
          issues: linked.map(issueOf),
        };
      });
      if (keyResults.every((kr) => kr.progress === 0)) {
        coverage.push({
          kind: 'objective-without-progress',
          id: objective.id,
          message: `${objective.id} has no key-result progress in ${objective.period.label}`,
        });
      }
      return {
        id: objective.id,
        title: objective.title,
        period: objective.period.label,
        weight: objective.weight,
        owner: objective.owner ?? null,
        keyResults,
      };
    });

  return {
    scope,
    projectKeys,
    asOf,
    objectives,
    coverage,
    icebox: result.issues
      .filter((d) => d.icebox)
      .map((d) => ({ key: d.issue.key, title: d.issue.title, reason: d.iceboxReason ?? '' })),
    krOptions: krChoices(okrs, asOf).map((c) => ({
      id: c.id,
      title: c.title,
      objectiveId: c.objectiveId,
    })),
    sprints: sprintViews(result, backlog.sprintStates, workspace.settings.capacity),
  };
}
