import { z } from 'zod';
import type { AppDeps } from '../deps';
import type { KeyValueStore } from '../store/key-value-store';
import { loadProgress, loadWorkspace, saveProgress } from '../store/workspace-store';
import { recordProgress } from './record-progress';

/**
 * A reconcile's first step when some running KR reads its value from Jira (`query`,
 * `linked-done`): the values are recorded once per run, before any project is read, so the
 * scores of the same run use them. The projects' events are pushed only after it.
 */

/** The queue event of the step: no project, one per run. */
export const KeyResultsEventSchema = z.object({
  jobId: z.string().min(1),
  keyResults: z.literal(true),
});
export type KeyResultsEvent = z.infer<typeof KeyResultsEventSchema>;

/**
 * The step's state, stored between deliveries under one key that each run overwrites: the
 * projects to push afterwards, and what is done, so a repeated delivery neither reads the
 * values again nor pushes the projects twice.
 */
const KEY = 'reconcile-key-results';
const KeyResultsRunSchema = z.object({
  jobId: z.string(),
  projects: z.array(z.string()),
  recorded: z.boolean(),
  pushed: z.boolean(),
});
type KeyResultsRun = z.infer<typeof KeyResultsRunSchema>;

export async function saveKeyResultsRun(store: KeyValueStore, run: KeyResultsRun): Promise<void> {
  await store.set(KEY, KeyResultsRunSchema.parse(run));
}

export interface KeyResultsStepOptions {
  /** Forge's retry count of this delivery, and how many retries a failing step gets. */
  retryCount: number;
  maxRetries: number;
  /** Pushes the projects' first events (the job's own push, 50 a call). */
  pushProjects: (projects: string[]) => Promise<void>;
}

/**
 * Records the automatic KR values, adds each KR that could not be read to the run's failures
 * (the others and the projects go on), then pushes the projects' events. 'retry' only when the
 * step itself failed (storage), up to `maxRetries`; after that the projects run without it.
 */
export async function keyResultsStep(
  deps: AppDeps,
  jobId: string,
  options: KeyResultsStepOptions,
): Promise<'done' | 'retry' | 'duplicate' | 'superseded'> {
  const { progress } = await loadProgress(deps.store);
  const parsed = KeyResultsRunSchema.safeParse(await deps.store.get(KEY));
  if (progress === null || progress.jobId !== jobId || parsed.data?.jobId !== jobId) {
    return 'superseded';
  }
  const run = parsed.data;
  if (run.recorded && run.pushed) {
    return 'duplicate';
  }
  if (!run.recorded) {
    let failures: string[];
    try {
      const workspace = await loadWorkspace(deps.store);
      const result =
        workspace.okrs === null ? { failed: [] } : await recordProgress(deps, workspace.okrs);
      failures = result.failed.map(
        (f) => `${f.krId}: its value was not read, it keeps the last one — ${f.error}`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : 'failed';
      if (options.retryCount < options.maxRetries) {
        console.warn(`keyrank: reading key result values failed, retrying: ${message}`);
        return 'retry';
      }
      failures = [`key result values: not read — ${message}`];
    }
    // Read again: a newer reconcile may have started while the values were read.
    const now = (await loadProgress(deps.store)).progress;
    if (now === null || now.jobId !== jobId) {
      return 'superseded';
    }
    if (failures.length > 0) {
      await saveProgress(deps.store, { ...now, failures: [...now.failures, ...failures] });
    }
    run.recorded = true;
    await saveKeyResultsRun(deps.store, run);
  }
  await options.pushProjects(run.projects);
  run.pushed = true;
  await saveKeyResultsRun(deps.store, run);
  return 'done';
}
