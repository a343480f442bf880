import type { RoadmapData } from '../../../contract/roadmap';
import { roadmapSections, type IssueRowView } from '../../../contract/roadmap-view';
import { plan, roadmap, suggestKeyResults } from '../../../core/index';
import { readTeamBacklog } from '../../read/team-backlog';
import { readCycleStates } from '../../read/team-cycles';
import type { ApiCaller, HandlerDeps } from './roadmap-api';
import { callerKey } from './team-directory';

/**
 * `roadmap/get` for one Linear team (the payload's key, else the first the caller sees): the
 * team's open backlog read as the caller, the core's plan and roadmap with the server's OKRs
 * (stored check-ins merged), Icebox suggestions learnt from the same backlog, and the capacity
 * of the active and the next cycle. Costs the backlog pages plus one request for the cycles
 * (sent beside the first page), and one for the team list once a minute. Writes nothing.
 */
export async function getRoadmap(
  deps: HandlerDeps,
  payload: { projectKey?: string | undefined },
  caller: ApiCaller,
): Promise<RoadmapData> {
  const api = caller.linear;
  const { team, teams } = await deps.teams.resolve(callerKey(caller), api, payload.projectKey);
  const { settings } = deps;
  const [backlog, cycleStates] = await Promise.all([
    readTeamBacklog(api, team.id, settings),
    readCycleStates(api, team.id),
  ]);
  const okrs = await deps.okrs();
  const planned = plan({
    okrs,
    issues: backlog.map((issue) => issue.read.snapshot),
    settings,
    asOf: deps.today(),
  });
  const map = roadmap({
    okrs,
    plan: planned,
    sprintState: (cycle) => cycleStates.get(cycle),
    settings,
  });
  // Linear's state name is in the backlog read; the assignee is not read (it would shrink
  // every backlog page of every sync), so the page shows none on Linear.
  const rows = new Map<string, IssueRowView>(
    backlog.map((issue) => [issue.identifier, { statusName: issue.statusName, assignee: null }]),
  );
  return {
    scope: { kind: 'project', projectKey: team.key },
    projectKeys: [team.key],
    ...roadmapSections({
      map,
      okrs,
      settings,
      rows,
      suggestions: suggestKeyResults(planned, okrs),
    }),
    // Any signed-in member of the workspace (or a program holding the API token) may check in.
    canCheckIn: true,
    teams: teams.map((t) => ({ key: t.key, name: t.name })),
  };
}
