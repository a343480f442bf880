import type { Day } from '../core/index';
import type { JiraClient } from './api/jira-client';
import type { KeyValueStore } from './store/key-value-store';

/** What background work needs: the app's client, storage and the date. Passed in, never imported. */
export interface AppDeps {
  app: JiraClient;
  store: KeyValueStore;
  /** Today as an ISO day; the core never reads the clock, and neither does the adapter. */
  today: () => Day;
  now: () => Date;
}

/** User-initiated work adds a client that acts as the user, so Jira applies their permissions. */
export interface UserDeps extends AppDeps {
  user: JiraClient;
}
