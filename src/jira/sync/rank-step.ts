import { fewestMoves, rankedOrder, type RankItem } from '../../core/index';
import {
  BATCHES_PER_KEY,
  loadRankBatches,
  loadRows,
  saveRankBatches,
  type ReconcileRun,
} from '../store/reconcile-run-store';
import type { StepContext } from './read-step';
import { rankBatches, type RankBatch } from './rerank';

/**
 * One Rank step of a paged reconcile. The first plans once, for the whole backlog: fewest moves
 * need the whole order, so they come from every read step's stored rows (key, tier, score,
 * fixed, in Rank order) — the same target, moves and calls `syncBacklog` makes in one go — and
 * the calls are stored. Each step then makes up to `rankCallsPerEvent` of them, saving the
 * cursor after each, so a retried step never repeats a call. Advances the run; the caller saves it.
 */
export async function rankStep(ctx: StepContext, run: ReconcileRun): Promise<void> {
  const { deps } = ctx;
  if (run.rank === null) {
    const seen = new Set<string>();
    const items: RankItem[] = [];
    for (const [key, tier, score, fixed] of await loadRows(
      deps.store,
      run.projectKey,
      run.rowSteps,
    )) {
      // A page read twice (an issue ranked by someone mid-run) counts where it was first seen.
      if (!seen.has(key)) {
        seen.add(key);
        items.push({ key, tier, score, fixed: fixed === 1 });
      }
    }
    const fixed = new Set(items.filter((i) => i.fixed).map((i) => i.key));
    const isFixed = (key: string): boolean => fixed.has(key);
    const target = rankedOrder(items);
    const moves = fewestMoves(
      items.map((i) => i.key),
      target,
      isFixed,
    );
    const batches = rankBatches(target, new Set(moves.map((m) => m.key)), isFixed);
    await saveRankBatches(deps.store, run.projectKey, batches);
    run.rank = { batches: batches.length, applied: 0, moves: moves.length };
    await ctx.save(run);
  }
  const rank = run.rank;
  const end = Math.min(rank.batches, rank.applied + ctx.limits.rankCallsPerEvent);
  let loaded: { n: number; batches: RankBatch[] } | undefined;
  while (rank.applied < end) {
    const n = Math.floor(rank.applied / BATCHES_PER_KEY);
    if (loaded?.n !== n) {
      loaded = { n, batches: await loadRankBatches(deps.store, run.projectKey, n) };
    }
    const batch = loaded.batches[rank.applied % BATCHES_PER_KEY];
    if (batch !== undefined) {
      await deps.app.rankIssues(batch.issues, batch.anchor);
      run.unreported.writes++;
    }
    rank.applied++;
    await ctx.save(run);
  }
  run.step++;
  if (rank.applied >= rank.batches) {
    run.phase = 'done';
  }
}
