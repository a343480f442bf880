import { asApp, asUser, webTrigger } from '@forge/api';
import { InvocationError, InvocationErrorCode, Queue } from '@forge/events';
import { kvs } from '@forge/kvs';
import { JiraClient } from '../api/jira-client';
import type { AppDeps, UserDeps } from '../deps';
import type { KeyValueStore } from '../store/key-value-store';
import type { ReconcileQueue } from '../sync/reconcile-job';

/**
 * The only file that touches the Forge platform modules: it builds the ports the use cases
 * take. Tests build the same ports from the local Jira server and in-memory stores instead.
 */

const forgeStore: KeyValueStore = {
  get: (key) => kvs.get(key),
  set: (key, value) => kvs.set(key, value),
};

export function appDeps(): AppDeps {
  return {
    app: new JiraClient({ requestJira: asApp().requestJira }),
    store: forgeStore,
    today: () => new Date().toISOString().slice(0, 10),
    now: () => new Date(),
  };
}

export function userDeps(): UserDeps {
  return { ...appDeps(), user: new JiraClient({ requestJira: asUser().requestJira }) };
}

/** The manifest's `webtrigger` module that receives `push` check-ins. */
export const PUSH_CHECK_IN_TRIGGER = 'push-check-in';

/**
 * The push webtrigger's URL for this installation (stable across deploys), or null when Forge
 * cannot give it: the admin page then says so instead of failing whole.
 */
export async function pushCheckInUrl(): Promise<string | null> {
  try {
    return await webTrigger.getUrl(PUSH_CHECK_IN_TRIGGER);
  } catch (error) {
    console.warn('keyrank: no push webtrigger URL', error instanceof Error ? error.message : error);
    return null;
  }
}

/** One project at a time, so progress updates never race. */
export function reconcileQueue(): ReconcileQueue {
  const queue = new Queue({ key: 'reconcile' });
  return {
    push: async (events) => {
      await queue.push(
        events.map((body) => ({ body, concurrency: { key: 'reconcile', limit: 1 } })),
      );
    },
  };
}

/** What a consumer answers to have Forge deliver its event again. */
export type ForgeRetry = InvocationError;

/** Asks Forge to retry the event after a short pause (a 429 or a failed write mid-step). */
export function retryEvent(retryAfterSeconds = 30): ForgeRetry {
  return new InvocationError({
    retryAfter: retryAfterSeconds,
    retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
  });
}
