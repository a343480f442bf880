import { z } from 'zod';
import type { KeyValueStore } from './key-value-store';

/**
 * A project's reconcile, stored between queue events so a failed or repeated event resumes
 * where the last good one stopped. Three kinds of key, all overwritten by the next run of the
 * same project (so nothing piles up day after day):
 * - `reconcile-run:<project>`: the cursor, the writes not yet sent, the counts not yet shown;
 * - `reconcile-rows:<project>:<step>`: the compact rank input one read step saw, in Rank order;
 * - `reconcile-rank:<project>:<n>`: the planned Rank calls, `BATCHES_PER_KEY` a key.
 * Forge KVS takes at most 240 KiB a value and 500 characters a key: a rows key holds the
 * issues of one step (≤ 1,000 by default, ~30 KB), a rank key 100 calls of ≤ 50 keys (~60 KB).
 */
export const RUN_KEY_PREFIX = 'reconcile-run:';
const ROWS_KEY_PREFIX = 'reconcile-rows:';
const RANK_KEY_PREFIX = 'reconcile-rank:';
export const BATCHES_PER_KEY = 100;

const MoveAnchorSchema = z.union([
  z.object({ before: z.string() }).strict(),
  z.object({ after: z.string() }).strict(),
]);
export const RankBatchSchema = z.object({
  issues: z.array(z.string()),
  anchor: MoveAnchorSchema,
});

/** One issue as the rank needs it: key, tier (0 scored, 1 unscored, 2 iceboxed), score, fixed. */
export const RankRowSchema = z.tuple([
  z.string(),
  z.union([z.literal(0), z.literal(1), z.literal(2)]),
  z.number(),
  z.union([z.literal(0), z.literal(1)]),
]);
export type RankRow = z.infer<typeof RankRowSchema>;

const count = z.number().int().min(0);

export const ReconcileRunSchema = z.object({
  jobId: z.string(),
  projectKey: z.string(),
  /** The next step to run; events carry their step, so a repeated one is recognised. */
  step: count,
  phase: z.enum(['read', 'rank', 'done']),
  /** Rank is written this run (`rankAutomatically` as the run started): rows are kept for it. */
  ranks: z.boolean(),
  /** The app's field ids, looked up once a run instead of once an event. */
  fields: z
    .object({
      score: z.string(),
      keyResults: z.string(),
      rice: z.string(),
      sprint: z.string().nullable(),
      estimate: z.string().nullable(),
    })
    .nullable(),
  /** Jira's token for the next page to read; null before the first. */
  pageToken: z.string().nullable(),
  /** Read steps whose rows are stored (`reconcile-rows:<project>:0 … rowSteps-1`). */
  rowSteps: count,
  /** Writes planned but not sent yet: sent 1,000 at a time (the bulk maximum), the rest at the end. */
  pending: z.object({
    scores: z.array(z.tuple([z.number().int(), z.number().nullable()])),
    addLabel: z.array(z.string()),
    removeLabel: z.array(z.string()),
  }),
  /** The Rank plan, made once when the last page is read; `applied` calls are done. */
  rank: z.object({ batches: count, applied: count, moves: count }).nullable(),
  /** Counts the admin page does not show yet; moved into the progress once, then zeroed. */
  unreported: z.object({ issuesRead: count, writes: count }),
  /** Whether the project's end (and `failure`) is in the progress yet. */
  finishReported: z.boolean(),
  failure: z.string().nullable(),
  /** The next event, kept until it is pushed: a repeated event pushes it again if it is still here. */
  outbox: z.record(z.string(), z.unknown()).nullable(),
});
export type ReconcileRun = z.infer<typeof ReconcileRunSchema>;

/** The stored run of a project; null when there is none or it is unreadable (a new run starts). */
export async function loadRun(
  store: KeyValueStore,
  projectKey: string,
): Promise<ReconcileRun | null> {
  const parsed = ReconcileRunSchema.safeParse(await store.get(RUN_KEY_PREFIX + projectKey));
  return parsed.success ? parsed.data : null;
}

export async function saveRun(store: KeyValueStore, run: ReconcileRun): Promise<void> {
  await store.set(RUN_KEY_PREFIX + run.projectKey, ReconcileRunSchema.parse(run));
}

export async function saveRows(
  store: KeyValueStore,
  projectKey: string,
  step: number,
  rows: readonly RankRow[],
): Promise<void> {
  await store.set(`${ROWS_KEY_PREFIX}${projectKey}:${step}`, rows);
}

/** The rows of steps 0 … steps-1, in the order they were read. */
export async function loadRows(
  store: KeyValueStore,
  projectKey: string,
  steps: number,
): Promise<RankRow[]> {
  const rows: RankRow[] = [];
  for (let step = 0; step < steps; step++) {
    const raw = await store.get(`${ROWS_KEY_PREFIX}${projectKey}:${step}`);
    rows.push(...z.array(RankRowSchema).parse(raw));
  }
  return rows;
}

export async function saveRankBatches(
  store: KeyValueStore,
  projectKey: string,
  batches: readonly z.infer<typeof RankBatchSchema>[],
): Promise<void> {
  for (let n = 0; n * BATCHES_PER_KEY < batches.length; n++) {
    await store.set(
      `${RANK_KEY_PREFIX}${projectKey}:${n}`,
      batches.slice(n * BATCHES_PER_KEY, (n + 1) * BATCHES_PER_KEY),
    );
  }
}

/** The planned calls of key n: calls n × BATCHES_PER_KEY onwards. */
export async function loadRankBatches(
  store: KeyValueStore,
  projectKey: string,
  n: number,
): Promise<z.infer<typeof RankBatchSchema>[]> {
  return z.array(RankBatchSchema).parse(await store.get(`${RANK_KEY_PREFIX}${projectKey}:${n}`));
}
