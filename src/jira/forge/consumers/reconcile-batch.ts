import { runReconcileEvent } from '../../sync/reconcile-job';
import { appDeps, reconcileQueue, retryEvent, type ForgeRetry } from '../forge-ports';

/** What Forge hands a consumer: the pushed body, and on a redelivery how many retries came before. */
export interface ReconcileAsyncEvent {
  body?: unknown;
  retryContext?: { retryCount?: number };
}

/**
 * consumer `reconcile-consumer` on queue `reconcile`: one step (a few pages, or a batch of
 * Rank calls) of one project per event. A failed step answers Forge's InvocationError, so
 * Forge delivers the same event again and the step resumes from what is stored.
 */
export async function onReconcileBatch(
  event: ReconcileAsyncEvent,
): Promise<ForgeRetry | undefined> {
  const outcome = await runReconcileEvent(appDeps(), reconcileQueue(), event.body, {
    retryCount: event.retryContext?.retryCount ?? 0,
  });
  return outcome === 'retry' ? retryEvent() : undefined;
}
