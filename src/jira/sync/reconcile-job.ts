import { z } from 'zod';
import type { ReconcileProgress } from '../../contract/admin';
import type { AppDeps } from '../deps';
import { loadProgress, saveProgress } from '../store/workspace-store';
import { syncBacklog } from './sync-backlog';

/** One queue event: reconcile one project of a job. */
export const ReconcileEventSchema = z.object({
  jobId: z.string().min(1),
  projectKey: z.string().min(1),
});
export type ReconcileEvent = z.infer<typeof ReconcileEventSchema>;

/** The queue port: `@forge/events` Queue in production, an array in tests. */
export interface ReconcileQueue {
  push(events: ReconcileEvent[]): Promise<void>;
}

/**
 * Starts a site-wide reconcile: one queue event per project, so a 20,000-issue site runs as
 * many consumer invocations (up to 900 s each) instead of one 25 s trigger. Progress is
 * stored for the admin page.
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
  // Forge accepts at most 50 events per push.
  for (let start = 0; start < projects.length; start += 50) {
    await queue.push(
      projects.slice(start, start + 50).map((projectKey) => ({ jobId, projectKey })),
    );
  }
  return progress;
}

/**
 * The consumer: reconciles one project and records progress. It never throws — a failing
 * project is written down and the others go on (a throw would make the queue retry it).
 */
export async function runReconcileEvent(deps: AppDeps, body: unknown): Promise<void> {
  const event = ReconcileEventSchema.safeParse(body);
  if (!event.success) {
    console.warn('keyrank: ignoring a malformed reconcile event');
    return;
  }
  const { jobId, projectKey } = event.data;
  let read = 0;
  let writes = 0;
  let failure: string | null;
  try {
    const result = await syncBacklog(deps, projectKey);
    read = result.issuesRead;
    writes = result.writes.scoreRequests + result.writes.labelRequests + result.writes.rankRequests;
    failure = result.skipped === null ? null : `${projectKey}: skipped — ${result.skipped}`;
  } catch (error) {
    failure = `${projectKey}: ${error instanceof Error ? error.message : 'failed'}`;
  }
  const { progress } = await loadProgress(deps.store);
  if (progress === null || progress.jobId !== jobId) {
    return;
  }
  const done = progress.projectsDone + 1;
  await saveProgress(deps.store, {
    ...progress,
    projectsDone: done,
    issuesRead: progress.issuesRead + read,
    writes: progress.writes + writes,
    failures: failure === null ? progress.failures : [...progress.failures, failure],
    finishedAt: done >= progress.projectsTotal ? deps.now().toISOString() : null,
  });
}
