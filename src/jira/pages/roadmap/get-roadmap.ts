import type { RoadmapData, RoadmapScope } from '../../../contract/roadmap';
import { roadmapSections } from '../../../contract/roadmap-view';
import { plan, roadmap, suggestKeyResults } from '../../../core/index';
import type { UserDeps } from '../../deps';
import { mayCheckIn } from '../../forge/authorization';
import { readBacklog } from '../../read/read-backlog';
import { loadWorkspace, noUsableOkrFile } from '../../store/workspace-store';

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
    // Whether to offer the check-in form is no reason to fail the page: unknown → not offered
    // (the check-in itself is checked again on the server).
    mayCheckIn({
      accountId,
      user: deps.user,
      checkInGroups: () => Promise.resolve(settings.checkInGroups),
    }).catch(() => false),
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
  return {
    scope,
    projectKeys,
    ...roadmapSections({
      map,
      okrs,
      settings,
      rows,
      suggestions: suggestKeyResults(planned, okrs),
    }),
    canCheckIn,
  };
}
