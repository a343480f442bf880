import { randomUUID } from 'node:crypto';
import { startReconcile } from '../../sync/reconcile-job';
import { appDeps, reconcileQueue } from '../forge-ports';

/**
 * What Forge expects a scheduled trigger to answer: 204 is success, 5xx a failure it logs.
 * Anything else (such as nothing) is recorded as 424 Failed dependency.
 */
export interface ScheduledTriggerResponse {
  statusCode: 204 | 500;
}

/** scheduledTrigger `daily-reconcile`: KR progress and quarter rollover change scores daily. */
export async function onDailyReconcile(): Promise<ScheduledTriggerResponse> {
  try {
    await startReconcile(appDeps(), reconcileQueue(), randomUUID());
    return { statusCode: 204 };
  } catch (error) {
    console.error(
      'keyrank: daily reconcile could not start',
      error instanceof Error ? error.message : error,
    );
    return { statusCode: 500 };
  }
}
