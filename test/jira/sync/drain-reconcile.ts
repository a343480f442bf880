import type { AppDeps } from '../../../src/jira/deps';
import {
  runReconcileEvent,
  type ReconcileEvent,
  type ReconcileEventOptions,
  type ReconcileOutcome,
} from '../../../src/jira/sync/reconcile-job';
import type { memoryQueue } from '../harness';

export interface Delivery {
  event: ReconcileEvent;
  retryCount: number;
  outcome: ReconcileOutcome;
}

/**
 * Delivers the queue's events the way Forge does: in order, one at a time, an event answered
 * `retry` again with the next retry count. `after` runs after every delivery (progress checks,
 * failures injected mid-run); `deliverTwice` repeats each event, as an at-least-once queue may.
 */
export async function drainReconcile(
  deps: AppDeps,
  queue: ReturnType<typeof memoryQueue>,
  options: {
    limits?: ReconcileEventOptions['limits'];
    from?: number;
    deliverTwice?: boolean;
    after?: (delivery: Delivery, index: number) => void | Promise<void>;
  } = {},
): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  const deliver = async (event: ReconcileEvent, retryCount: number): Promise<ReconcileOutcome> => {
    const outcome = await runReconcileEvent(deps, queue, event, {
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      retryCount,
    });
    const delivery = { event, retryCount, outcome };
    deliveries.push(delivery);
    await options.after?.(delivery, deliveries.length - 1);
    return outcome;
  };
  for (let next = options.from ?? 0; next < queue.events.length; next++) {
    const event = queue.events[next] as ReconcileEvent;
    let retryCount = 0;
    while ((await deliver(event, retryCount)) === 'retry') {
      retryCount++;
    }
    if (options.deliverTwice === true) {
      await deliver(event, 0);
    }
  }
  return deliveries;
}
