import { z } from 'zod';
import type { ReconcileProgress } from '../../contract/admin';
import { fieldIdsOf } from '../api/field-ids';
import { SEARCH_PAGE_SIZE } from '../api/jira-client';
import type { AppDeps } from '../deps';
import { loadRun, saveRun, type ReconcileRun } from '../store/reconcile-run-store';
import { loadProgress, loadWorkspace, saveProgress } from '../store/workspace-store';
import {
  KeyResultsEventSchema,
  keyResultsStep,
  saveKeyResultsRun,
  type KeyResultsEvent,
} from './key-results-step';
import { rankStep } from './rank-step';
import { readsProgress } from './record-progress';
import { readStep, type StepContext, type StepLimits } from './read-step';

/**
 * One queue event: the next step of one project's reconcile. The first event of a project
 * carries no step (0) and no page token; each step pushes the next one. The step number makes
 * a repeated delivery recognisable, the job id a superseded reconcile.
 */
export const ReconcileEventSchema = z.object({
  jobId: z.string().min(1),
  projectKey: z.string().min(1),
  step: z.number().int().min(0).optional(),
});
export type ReconcileEvent = z.infer<typeof ReconcileEventSchema>;

/** The queue port: `@forge/events` Queue in production, an array in tests. */
export interface ReconcileQueue {
  push(events: (ReconcileEvent | KeyResultsEvent)[]): Promise<void>;
}

/**
 * 10 pages (1,000 issues) or 40 Rank calls an event: at Jira Cloud's usual ≤ 1 s a request a
 * step stays under a minute, and a 100,000-issue project takes ~100 read events and ~40 Rank
 * events, well inside Forge's 1,000 chained pushes from one trigger.
 */
export const DEFAULT_LIMITS: StepLimits = {
  pageSize: SEARCH_PAGE_SIZE,
  pagesPerEvent: 10,
  rankCallsPerEvent: 40,
};

/** Retries Forge makes of a failing event before its project is recorded as failed. */
export const MAX_RETRIES = 3;

/**
 * Starts a site-wide reconcile: one queue event per project, so a 20,000-issue site runs as
 * many consumer invocations instead of one 25 s trigger. Progress is stored for the admin page;
 * storing a new job id stops any reconcile still running (its next event sees it and stops).
 * When a running KR reads its value from Jira, one key-results step goes first and pushes the
 * projects' events itself (key-results-step.ts).
 */
export async function startReconcile(
  deps: AppDeps,
  queue: ReconcileQueue,
  jobId: string,
): Promise<ReconcileProgress> {
  const projects = await deps.app.projectKeys();
  const progress: ReconcileProgress = {
    jobId,
    startedAt: deps.now().toISOString(),
    finishedAt: projects.length === 0 ? deps.now().toISOString() : null,
    projectsTotal: projects.length,
    projectsDone: 0,
    issuesRead: 0,
    writes: 0,
    failures: [],
  };
  await saveProgress(deps.store, progress);
  const { okrs } = await loadWorkspace(deps.store);
  if (projects.length > 0 && okrs !== null && readsProgress(okrs, deps.today())) {
    // Automatic KR values first, once per run: the projects' events follow that step.
    await saveKeyResultsRun(deps.store, { jobId, projects, recorded: false, pushed: false });
    await queue.push([{ jobId, keyResults: true }]);
  } else {
    await pushProjects(queue, jobId, projects);
  }
  return progress;
}

async function pushProjects(
  queue: ReconcileQueue,
  jobId: string,
  projects: readonly string[],
): Promise<void> {
  // Forge accepts at most 50 events per push.
  for (let start = 0; start < projects.length; start += 50) {
    await queue.push(
      projects.slice(start, start + 50).map((projectKey) => ({ jobId, projectKey })),
    );
  }
}

/**
 * What the consumer did with an event. `retry`: the step failed and Forge should deliver it
 * again (nothing of the step is lost: writes already sent are saved, the rest is redone).
 */
export type ReconcileOutcome = 'done' | 'retry' | 'duplicate' | 'superseded' | 'ignored';

export interface ReconcileEventOptions {
  limits?: Partial<StepLimits>;
  /** Forge's `retryContext.retryCount`: 0 on the first delivery. */
  retryCount?: number;
}

/**
 * The consumer: runs one step of one project's reconcile — a bounded number of pages, or of
 * Rank calls — stores where it stopped, and pushes the next step. A failing step asks Forge to
 * retry it (up to `MAX_RETRIES`); after that the project is recorded as failed and the others
 * go on. A repeated delivery of a finished step writes nothing; an event of a superseded
 * reconcile stops, so two reconciles of one project never interleave.
 */
export async function runReconcileEvent(
  deps: AppDeps,
  queue: ReconcileQueue,
  body: unknown,
  options: ReconcileEventOptions = {},
): Promise<ReconcileOutcome> {
  const keyResults = KeyResultsEventSchema.safeParse(body);
  if (keyResults.success) {
    const { jobId } = keyResults.data;
    return keyResultsStep(deps, jobId, {
      retryCount: options.retryCount ?? 0,
      maxRetries: MAX_RETRIES,
      pushProjects: (projects) => pushProjects(queue, jobId, projects),
    });
  }
  const event = ReconcileEventSchema.safeParse(body);
  if (!event.success) {
    console.warn('keyrank: ignoring a malformed reconcile event');
    return 'ignored';
  }
  const { jobId, projectKey } = event.data;
  const step = event.data.step ?? 0;
  const { progress } = await loadProgress(deps.store);
  if (progress === null || progress.jobId !== jobId) {
    return 'superseded';
  }
  let run = await loadRun(deps.store, projectKey);
  if (run === null || run.jobId !== jobId) {
    if (step !== 0) {
      return 'superseded';
    }
    run = newRun(jobId, projectKey);
  }
  const save = (r: ReconcileRun): Promise<void> => saveRun(deps.store, r);
  // A step that finished but whose report or next event was lost completes here, once.
  await deliver(deps, queue, run, save);
  if (step !== run.step || run.phase === 'done') {
    return 'duplicate';
  }

  try {
    const workspace = await loadWorkspace(deps.store);
    if (workspace.okrs === null) {
      finish(
        run,
        `${projectKey}: skipped — ${workspace.problems[0] ?? 'no OKR file is stored yet'}`,
      );
    } else {
      if (step === 0) {
        run.ranks = workspace.settings.rankAutomatically;
      }
      run.fields ??= await fieldIdsOf(deps.app);
      const ctx: StepContext = {
        deps,
        okrs: workspace.okrs,
        settings: workspace.settings,
        fields: run.fields,
        limits: { ...DEFAULT_LIMITS, ...options.limits },
        save,
      };
      await (run.phase === 'read' ? readStep(ctx, run) : rankStep(ctx, run));
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : 'failed';
    if ((options.retryCount ?? 0) < MAX_RETRIES) {
      console.warn(
        `keyrank: reconcile of ${projectKey} failed at step ${step}, retrying: ${message}`,
      );
      return 'retry';
    }
    finish(run, `${projectKey}: ${message}`);
  }
  run.outbox = nextEvent(run);
  await save(run);
  await deliver(deps, queue, run, save);
  return 'done';
}

/** The event of the run's next step; null once the project is done. */
function nextEvent(run: ReconcileRun): ReconcileEvent | null {
  return run.phase === 'done'
    ? null
    : { jobId: run.jobId, projectKey: run.projectKey, step: run.step };
}

function newRun(jobId: string, projectKey: string): ReconcileRun {
  return {
    jobId,
    projectKey,
    step: 0,
    phase: 'read',
    ranks: false,
    fields: null,
    pageToken: null,
    rowSteps: 0,
    pending: { scores: [], addLabel: [], removeLabel: [] },
    rank: null,
    unreported: { issuesRead: 0, writes: 0 },
    finishReported: false,
    failure: null,
    outbox: null,
  };
}

/** Ends a project's run: its writes not sent yet are dropped, the next daily run plans them anew. */
function finish(run: ReconcileRun, failure: string): void {
  run.phase = 'done';
  run.failure = failure;
  run.pending = { scores: [], addLabel: [], removeLabel: [] };
}

/**
 * Moves the run's unreported counts (and its end) into the admin page's progress, then pushes
 * the next event; each is cleared in the run right after, so a repeated delivery does neither twice.
 */
async function deliver(
  deps: AppDeps,
  queue: ReconcileQueue,
  run: ReconcileRun,
  save: (run: ReconcileRun) => Promise<void>,
): Promise<void> {
  const ends = run.phase === 'done' && !run.finishReported;
  if (run.unreported.issuesRead > 0 || run.unreported.writes > 0 || ends) {
    const { progress } = await loadProgress(deps.store);
    if (progress !== null && progress.jobId === run.jobId) {
      const done = progress.projectsDone + (ends ? 1 : 0);
      await saveProgress(deps.store, {
        ...progress,
        issuesRead: progress.issuesRead + run.unreported.issuesRead,
        writes: progress.writes + run.unreported.writes,
        projectsDone: done,
        failures:
          ends && run.failure !== null ? [...progress.failures, run.failure] : progress.failures,
        finishedAt: done >= progress.projectsTotal ? deps.now().toISOString() : null,
      });
    }
    run.unreported = { issuesRead: 0, writes: 0 };
    run.finishReported ||= ends;
    await save(run);
  }
  if (run.outbox !== null) {
    await queue.push([ReconcileEventSchema.parse(run.outbox)]);
    run.outbox = null;
    await save(run);
  }
}
