import type { DataOf, PageKey, PayloadOf } from '../../../src/contract/resolvers';
import type { ResolverResult } from '../../../src/contract/result';
import { bridgeTransport } from './bridge-transport';
import { fetchTransport } from './fetch-transport';

/** The roadmap contract's keys: what the page asks, over either transport. */
export type RoadmapKey = PageKey<'roadmap'>;

/** The words that differ between the trackers; everything else on the page is the same. */
export interface Wording {
  tracker: 'Jira' | 'Linear';
  /** The timebox: Jira's sprint, Linear's cycle. */
  sprint: 'sprint' | 'cycle';
  /** What one backlog belongs to: a Jira project, a Linear team. */
  project: 'project' | 'team';
  /** One write of a re-rank: Jira's rank call (≤ 50 issues), a batch of Linear sortOrder writes. */
  rankCall: { one: string; many: string };
}

/** The signed-in person on `keyrank serve` (GET /api/session). */
export interface Account {
  name: string;
  csrfToken: string;
  signOutUrl: string;
}

/** Where the page opens: the project (Jira) or team (Linear); undefined on Jira's global page. */
export interface PageStart {
  projectKey: string | undefined;
  /** Absent in Jira, where the host signs people in. */
  account?: Account;
}

/**
 * Why the server no longer accepts this page's calls: its session ended (401), or the page's
 * CSRF token is not the session's any more (403: signed out and in again in another tab).
 */
export type SessionEnd = 'ended' | 'stale-token';

/** How an issue key opens the issue: through the host's router (Jira), or in a new tab. */
export type IssueTarget =
  | { kind: 'router'; path: string; follow: (newTab: boolean) => void }
  | { kind: 'new-tab'; href: string; where: string };

/**
 * The roadmap page's one way out: in Jira `@forge/bridge` (invoke, view, router), on
 * `keyrank serve` `fetch` to `/api/<key>` with the session's CSRF token. Chosen once at
 * start-up from the page's `<meta name="keyrank-transport">` (docs/roadmap.md, "Two
 * transports"); every section calls through it, so they do not know which host they are in.
 */
export interface Transport {
  readonly kind: 'bridge' | 'fetch';
  readonly wording: Wording;
  /** Before the first render: the colour mode, so the page never flashes light in dark mode. */
  prepareTheme(): Promise<void>;
  /** Where the page opens and who is signed in (fetch: `GET /api/session`). */
  start(): Promise<ResolverResult<PageStart>>;
  call<K extends RoadmapKey>(key: K, payload: PayloadOf<K>): Promise<ResolverResult<DataOf<K>>>;
  issueTarget(issueKey: string): IssueTarget;
  /**
   * Tells `listener` when the server stops accepting the page's calls (the call itself answers
   * a refusal too); returns the unsubscribe.
   */
  onSessionEnd(listener: (why: SessionEnd) => void): () => void;
}

/** The server's marker: `<meta name="keyrank-transport" content="fetch">`; absent in Jira. */
export function transportOf(doc: Document): Transport {
  const meta = (name: string): string | undefined =>
    doc.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || undefined;
  return meta('keyrank-transport') === 'fetch'
    ? fetchTransport({ team: meta('keyrank-team'), location: doc.defaultView?.location })
    : bridgeTransport();
}

/** The page's transport, chosen when the page loads. */
export const transport: Transport = transportOf(document);
