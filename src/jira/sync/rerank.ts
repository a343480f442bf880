import type { Plan } from '../../core/index';
import { RANK_BATCH_SIZE } from '../api/jira-client';

export interface RankBatch {
  issues: string[];
  anchor: { before: string } | { after: string };
}

/**
 * Turns the core's fewest moves into PUT /rest/agile/1.0/issue/rank calls. One call ranks up
 * to 50 issues, in order, after (or before) one anchor — the same as moving each after the
 * one before it. So a call covers a window of the target order: it starts at a moved issue,
 * is anchored after that issue's target predecessor, and may carry the few unmoved issues
 * between two moved ones when that saves a request; those keep their relative place, only
 * their rank value is rewritten. Windows never cross a fixed (BAU or started) issue, and a
 * window at the very top is anchored before the first unmoved issue, as the core's move is.
 */
export function rankBatches(
  target: readonly string[],
  moved: ReadonlySet<string>,
  isFixed: (key: string) => boolean,
  size = RANK_BATCH_SIZE,
): RankBatch[] {
  const batches: RankBatch[] = [];
  const firstStaying = target.find((key) => !moved.has(key));
  let open: { batch: RankBatch; pending: string[]; canMerge: boolean } | undefined;
  const close = (): void => {
    if (open !== undefined) {
      batches.push(open.batch);
      open = undefined;
    }
  };
  target.forEach((key, index) => {
    if (moved.has(key)) {
      if (open !== undefined && open.batch.issues.length + open.pending.length < size) {
        open.batch.issues.push(...open.pending, key);
        open.pending = [];
        return;
      }
      close();
      const previous = index > 0 ? target[index - 1] : undefined;
      const anchor =
        previous !== undefined
          ? { after: previous }
          : firstStaying !== undefined
            ? { before: firstStaying }
            : undefined;
      if (anchor !== undefined) {
        // The top window stops at the first unmoved issue: it is that window's anchor.
        open = { batch: { issues: [key], anchor }, pending: [], canMerge: previous !== undefined };
      }
      return;
    }
    if (open === undefined) {
      return;
    }
    if (isFixed(key) || !open.canMerge) {
      close();
      return;
    }
    open.pending.push(key);
    if (open.batch.issues.length + open.pending.length >= size) {
      close();
    }
  });
  close();
  return batches;
}

/** The rank calls that carry out a plan: its target order, the issues its moves name, its fixed issues. */
export function planRanking(result: Plan): RankBatch[] {
  const fixed = new Set(result.issues.filter((d) => d.fixed).map((d) => d.issue.key));
  return rankBatches(
    result.issues.map((d) => d.issue.key),
    new Set(result.moves.map((m) => m.key)),
    (key) => fixed.has(key),
  );
}
