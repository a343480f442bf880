import type { RankBatchView } from '../../../contract/roadmap';
import { type Move } from '../../../core/index';
import { FIRST_MUTATIONS_PER_REQUEST } from '../../api/document-size';

/**
 * The most issues one apply step moves: what one write request always carries (one
 * `sortOrder` per issue), so each step of the page's progress is one request to Linear.
 */
export const RUN_SIZE = FIRST_MUTATIONS_PER_REQUEST;

/**
 * The core's fewest moves as the page's apply steps: each run of moved issues that sits
 * together in the new order is one step, placed after the issue before it (or, at the very top,
 * before the first issue that stays). Each anchor is an issue that does not move, so every run
 * lands in place whichever others are applied already. A run longer than `RUN_SIZE` goes on
 * in the next step, anchored after the last issue the step before placed.
 */
export function rankRuns(
  target: readonly string[],
  moved: ReadonlySet<string>,
  size = RUN_SIZE,
): RankBatchView[] {
  const runs: RankBatchView[] = [];
  const firstStaying = target.find((key) => !moved.has(key));
  let open: RankBatchView | undefined;
  target.forEach((key, index) => {
    if (!moved.has(key)) {
      open = undefined;
      return;
    }
    if (open !== undefined && open.issues.length < size) {
      open.issues.push(key);
      return;
    }
    const previous = index > 0 ? target[index - 1] : undefined;
    const anchor =
      previous !== undefined
        ? { after: previous }
        : firstStaying !== undefined
          ? { before: firstStaying }
          : undefined;
    if (anchor !== undefined) {
      open = { issues: [key], anchor };
      runs.push(open);
    }
  });
  return runs;
}

/** A step as the core's moves: the first issue at the anchor, each next after the one before. */
export function movesOfRun(run: RankBatchView): Move[] {
  return run.issues.map((key, n) => {
    const previous = n > 0 ? run.issues[n - 1] : undefined;
    if (previous !== undefined) {
      return { key, after: previous };
    }
    return 'before' in run.anchor
      ? { key, before: run.anchor.before }
      : { key, after: run.anchor.after };
  });
}
