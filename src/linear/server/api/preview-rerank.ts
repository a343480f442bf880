import type { RerankPreview } from '../../../contract/roadmap';
import { plan } from '../../../core/index';
import { readTeamBacklog } from '../../read/team-backlog';
import { rankRuns } from './rank-runs';
import type { ApiCaller, HandlerDeps } from './roadmap-api';
import { callerKey } from './team-directory';

/**
 * `roadmap/previewRerank`: what a re-rank of the team's open backlog would do, without writing —
 * the core's fewest moves with their positions, and the apply steps that make them. Reads the
 * backlog as the caller.
 */
export async function previewRerank(
  deps: HandlerDeps,
  payload: { projectKey?: string | undefined },
  caller: ApiCaller,
): Promise<RerankPreview> {
  const api = caller.linear;
  const { team } = await deps.teams.resolve(callerKey(caller), api, payload.projectKey);
  const backlog = await readTeamBacklog(api, team.id, deps.settings);
  const planned = plan({
    okrs: await deps.okrs(),
    issues: backlog.map((issue) => issue.read.snapshot),
    settings: deps.settings,
    asOf: deps.today(),
  });
  const order = backlog.map((issue) => issue.identifier);
  const target = planned.issues.map((d) => d.issue.key);
  const titles = new Map(planned.issues.map((d) => [d.issue.key, d.issue.title]));
  return {
    projectKey: team.key,
    order,
    moves: planned.moves.map((move) => ({
      key: move.key,
      title: titles.get(move.key) ?? '',
      from: order.indexOf(move.key) + 1,
      to: target.indexOf(move.key) + 1,
      anchor: 'before' in move ? { before: move.before } : { after: move.after },
    })),
    batches: rankRuns(target, new Set(planned.moves.map((move) => move.key))),
  };
}
