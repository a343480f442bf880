import { runReconcileEvent } from '../../sync/reconcile-job';
import { appDeps } from '../forge-ports';

/** consumer `reconcile-consumer` on queue `reconcile`: one project per event. */
export async function onReconcileBatch(event: { body?: unknown }): Promise<void> {
  await runReconcileEvent(appDeps(), event.body);
}
