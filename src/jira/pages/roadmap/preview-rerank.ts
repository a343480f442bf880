import type { RerankPreview } from '../../../contract/roadmap';
import type { UserDeps } from '../../deps';
import { planRanking } from '../../sync/rerank';
import { planBacklog } from '../../sync/sync-backlog';
import { noUsableOkrFile } from '../../store/workspace-store';

/**
 * What "Re-rank backlog" would do, without writing: the core's fewest moves with their
 * positions, and the rank calls that make them. Reads as the user.
 */
export async function previewRerank(deps: UserDeps, projectKey: string): Promise<RerankPreview> {
  const planned = await planBacklog(deps, deps.user, deps.app, projectKey);
  if (planned.plan === null) {
    throw noUsableOkrFile(planned.workspace.problems);
  }
  const order = [...planned.byKey.keys()];
  const target = planned.plan.issues.map((d) => d.issue.key);
  const titles = new Map(planned.plan.issues.map((d) => [d.issue.key, d.issue.title]));
  return {
    projectKey,
    order,
    moves: planned.plan.moves.map((move) => ({
      key: move.key,
      title: titles.get(move.key) ?? '',
      from: order.indexOf(move.key) + 1,
      to: target.indexOf(move.key) + 1,
      anchor: 'before' in move ? { before: move.before } : { after: move.after },
    })),
    batches: planRanking(planned.plan).map((b) => ({ issues: b.issues, anchor: b.anchor })),
  };
}
