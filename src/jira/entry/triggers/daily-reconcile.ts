import { randomUUID } from 'node:crypto';
import { startReconcile } from '../../services/reconcile-job';
import { appDeps, reconcileQueue } from '../forge-ports';

/** scheduledTrigger `daily-reconcile`: KR progress and quarter rollover change scores daily. */
export async function onDailyReconcile(): Promise<void> {
  try {
    await startReconcile(appDeps(), reconcileQueue(), randomUUID());
  } catch (error) {
    console.error(
      'keyrank: daily reconcile could not start',
      error instanceof Error ? error.message : error,
    );
  }
}
