import type { Day } from '../../core/index';
import { findFieldIds, type FieldIds } from '../client/field-ids';
import type { JiraClient } from '../client/jira-client';
import type { KeyValueStore } from '../storage/key-value-store';

/** What background work needs: the app's client, storage and the date. Passed in, never imported. */
export interface AppDeps {
  app: JiraClient;
  store: KeyValueStore;
  /** Today as an ISO day; the core never reads the clock, and neither do services. */
  today: () => Day;
  now: () => Date;
}

/** User-initiated work adds a client that acts as the user, so Jira applies their permissions. */
export interface UserDeps extends AppDeps {
  user: JiraClient;
}

const cache = new WeakMap<JiraClient, Promise<FieldIds>>();

/** The app's field ids, looked up once per client (one GET /rest/api/3/field per invocation). */
export function fieldIdsOf(app: JiraClient): Promise<FieldIds> {
  let ids = cache.get(app);
  if (ids === undefined) {
    ids = app.fields().then(findFieldIds);
    ids.catch(() => cache.delete(app));
    cache.set(app, ids);
  }
  return ids;
}
