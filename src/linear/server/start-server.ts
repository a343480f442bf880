import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { LinearClient } from '@linear/sdk';
import { LinearWebhookClient } from '@linear/sdk/webhooks';
import type { Okrs, Settings } from '../../core/index';
import { LinearApi, type LinearApiOptions } from '../api/linear-api';
import type { Clock } from '../clock';
import { ConfigError } from '../config';
import type { Logger } from '../logger';
import { Worker } from '../queue/worker';
import { withStoredCheckIns } from '../read/load-okrs';
import { CheckInStore } from '../store/check-in-store';
import { EventQueue } from '../store/event-queue';
import { describeTarget, type Database } from '../store/database/database';
import { openDatabase } from '../store/database/open-database';
import { KnownIssues } from '../store/known-issues';
import { RerankMarks } from '../store/rerank-marks';
import { ScoreStore } from '../store/score-store';
import { SessionStore } from '../store/session-store';
import { recordProgress } from '../sync/record-progress';
import { roadmapApi } from './api/roadmap-api';
import { AppTokens } from './auth/app-token';
import { AuthRoutes } from './auth/auth-routes';
import { linearViewer, VIEWER_QUERY, viewerOf, type ReadViewer } from './auth/linear-viewer';
import { LinearOAuthClient, oauthEndpoints } from './auth/oauth-client';
import { HealthCheck } from './health';
import { httpServer, type ServerLimits } from './http-server';
import { scoreLinks } from './score-links';
import type { RoadmapHandlers } from './web-routes';

/** How long a person's page request waits for Linear's rate limit before answering "busy". */
const PERSON_RATELIMIT_WAIT_MS = 2_000;

export interface StartServerOptions {
  apiKey: string;
  apiUrl: string;
  webhookSecret: string;
  dbPath: string;
  publicUrl: string;
  port: number;
  host?: string;
  okrs: Okrs;
  settings: Settings;
  log: Logger;
  today: () => string;
  /** The clock for the worker, the stores and the Linear client; built by the CLI. */
  now: Clock;
  limits?: Partial<ServerLimits>;
  rerankDelayMs?: number;
  /** KEYRANK_COALESCE_MS: how long events wait for others to share their writes. */
  coalesceMs?: number;
  retryDelayMs?: number;
  /** Every team is synced at start and then this often (KEYRANK_SYNC_HOURS); without it, never. */
  syncEveryMs?: number;
  api?: Partial<Omit<LinearApiOptions, 'client' | 'log' | 'now'>>;
  /** KEYRANK_API_TOKEN: turns on POST /api/key-results/<id>/check-ins and programs on /api/*. */
  apiToken?: string;
  /**
   * Sign in with Linear (LINEAR_OAUTH_CLIENT_ID/SECRET; the callback is
   * `<publicUrl>/auth/callback`). Without it the webhook runs and pages and /api/* say sign-in
   * is not configured.
   */
  signIn?: SignInOptions;
  /** static/roadmap/build; by default the one beside this source tree (tests). */
  pageDir?: string;
  /** The roadmap page's API; by default the real one (src/linear/server/api/roadmap-api.ts). */
  roadmap?: RoadmapHandlers;
}

export interface SignInOptions {
  clientId: string;
  clientSecret: string;
  /** LINEAR_OAUTH_URL: where /oauth/* are; undefined, Linear's own. */
  oauthUrl?: string;
  /** Who a token belongs to; by default asked of Linear at `apiUrl`. */
  readViewer?: ReadViewer;
}

/** The running `keyrank serve`: what tests and benches look at, and how to stop it. */
export interface RunningServer {
  server: Server;
  worker: Worker;
  events: EventQueue;
  scores: ScoreStore;
  reranks: RerankMarks;
  known: KnownIssues;
  checkIns: CheckInStore;
  health: HealthCheck;
  api: LinearApi;
  port: number;
  close: () => Promise<void>;
}

/**
 * `keyrank serve` wired together: opens the inbox file and its stores, starts the worker
 * (which first syncs every team and then drains what a previous run accepted) and listens.
 * `/healthz` answers once this resolves.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { now } = options;
  const db = await openStores(options.dbPath);
  let stores;
  try {
    stores = {
      events: await EventQueue.open(db, now),
      scores: await ScoreStore.open(db),
      reranks: await RerankMarks.open(db),
      known: await KnownIssues.open(db),
      checkIns: await CheckInStore.open(db),
      sessions: options.signIn === undefined ? undefined : await SessionStore.open(db),
    };
  } catch (error) {
    await db.close();
    throw unusableInbox(options.dbPath, error);
  }
  const { events, scores, reranks, known, checkIns, sessions } = stores;
  // The file's OKRs with the stored check-ins: what every score and the push route's answer
  // use, read afresh each time, since another replica may have recorded one.
  const scoringOkrs = () => withStoredCheckIns(options.okrs, checkIns);
  const health = new HealthCheck(db, events, now);
  const links = scoreLinks(options.publicUrl, options.webhookSecret);
  const api = new LinearApi({
    client: new LinearClient({ apiKey: options.apiKey, apiUrl: options.apiUrl }),
    log: options.log,
    now,
    ...options.api,
  });
  const worker = new Worker({
    api,
    events,
    scores,
    reranks,
    known,
    okrs: await scoringOkrs(),
    refreshOkrs: scoringOkrs,
    teamLock: db.teamLock,
    // Replicas accept events this one is not told about: look at least every second.
    ...(db.dialect === 'postgres' && { pollMs: 1_000 }),
    settings: options.settings,
    links,
    log: options.log,
    today: options.today,
    now,
    // Automatic KR values first, so the sync that follows scores every issue with them.
    beforeSync: async (asOf) => {
      const read = await recordProgress(
        {
          api,
          okrs: await scoringOkrs(),
          settings: options.settings,
          store: checkIns,
          log: options.log,
        },
        asOf,
      );
      if (read.recorded.length > 0) {
        worker.useOkrs(await scoringOkrs());
      }
    },
    ...(options.syncEveryMs !== undefined && { syncEveryMs: options.syncEveryMs }),
    ...(options.rerankDelayMs !== undefined && { rerankDelayMs: options.rerankDelayMs }),
    ...(options.coalesceMs !== undefined && { coalesceMs: options.coalesceMs }),
    ...(options.retryDelayMs !== undefined && { retryDelayMs: options.retryDelayMs }),
  });
  const signIn =
    options.signIn === undefined || sessions === undefined
      ? undefined
      : signInRoutes(options, options.signIn, sessions, api);
  const server = httpServer({
    verifier: new LinearWebhookClient(options.webhookSecret),
    events,
    health,
    log: options.log,
    web: {
      auth: signIn?.auth,
      workspaceUrlKey: signIn?.workspaceUrlKey ?? (() => Promise.resolve(undefined)),
      apiToken: options.apiToken,
      pageDir: options.pageDir ?? DEFAULT_PAGE_DIR,
      roadmap:
        options.roadmap ??
        roadmapApi({
          okrs: scoringOkrs,
          settings: options.settings,
          checkIns,
          today: options.today,
          now,
          log: options.log,
          ownSortOrders: worker.ownSortOrders,
        }),
      linear: api,
      linearAs: (accessToken) =>
        new LinearApi({
          client: new LinearClient({ accessToken, apiUrl: options.apiUrl }),
          log: options.log,
          now,
          ...options.api,
          // A person is waiting on the page: say "busy" after a short wait, never hang.
          maxRatelimitWaitMs: PERSON_RATELIMIT_WAIT_MS,
          attempts: 2,
        }),
      scores,
      links,
      log: options.log,
    },
    accepted: () => worker.wake(),
    checkIns: {
      apiToken: options.apiToken,
      okrs: scoringOkrs,
      settings: options.settings,
      store: checkIns,
      today: options.today,
      log: options.log,
    },
    ...(options.limits !== undefined && { limits: options.limits }),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
    });
  } catch (error) {
    await db.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([
      `cannot listen on port ${options.port} (PORT): ${code === 'EADDRINUSE' ? 'another program uses it' : (error as Error).message}`,
    ]);
  }
  // Started once the port is bound, so a failed start leaves the inbox untouched.
  worker.start();
  const port = (server.address() as AddressInfo).port;
  const { pending, setAside } = await events.counts();
  options.log.info('keyrank serve is listening', { port, pendingEvents: pending, setAside });
  return {
    server,
    worker,
    events,
    scores,
    reranks,
    known,
    checkIns,
    health,
    api,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await worker.stop();
      await db.close();
    },
  };
}

/** The page's build beside this source tree; `keyrank serve` passes the installed one. */
const DEFAULT_PAGE_DIR = fileURLToPath(new URL('../../../static/roadmap/build', import.meta.url));

/**
 * Sign in with Linear over the inbox file's session store. The workspace whose members may sign
 * in is the stored installation's (`keyrank linear install`); without one (quick start on an
 * API key), the API key's own workspace, asked of Linear once and remembered. Its URL key
 * (`linear.app/<urlKey>/issue/ENG-1`) comes from the same place.
 */
function signInRoutes(
  options: StartServerOptions,
  signIn: SignInOptions,
  store: SessionStore,
  api: LinearApi,
): { auth: AuthRoutes; workspaceUrlKey: () => Promise<string | undefined> } {
  const oauth = new LinearOAuthClient({
    clientId: signIn.clientId,
    clientSecret: signIn.clientSecret,
    redirectUri: `${options.publicUrl}/auth/callback`,
    endpoints: oauthEndpoints(signIn.oauthUrl),
    now: options.now,
  });
  const app = new AppTokens({ store, oauth, now: options.now, log: options.log });
  const apiKeyOrg = apiKeyOrganization(api, options);
  app.installedOrganization().then(
    (installed) => {
      if (installed === undefined) {
        // Asked at start-up, so the first person to sign in does not wait for it.
        apiKeyOrg();
      }
    },
    // Not fatal: a sign-in asks for it again.
    (error: unknown) =>
      options.log.warn('cannot read the installed app at start-up', {
        error: (error as Error).message,
      }),
  );
  const auth = new AuthRoutes({
    store,
    oauth,
    readViewer: signIn.readViewer ?? linearViewer(options.apiUrl),
    installedOrganization: async () => (await app.installedOrganization()) ?? apiKeyOrg(),
    publicUrl: options.publicUrl,
    apiToken: options.apiToken,
    now: options.now,
    log: options.log,
  });
  const workspaceUrlKey = async (): Promise<string | undefined> => {
    const installed = await store.appToken();
    if (installed !== undefined && installed.orgUrlKey !== null) {
      return installed.orgUrlKey;
    }
    // Never installed, or installed before the key was kept: the API key's, if the same workspace.
    const own = apiKeyOrg();
    return installed === undefined || own?.id === installed.orgId ? own?.urlKey : undefined;
  };
  return { auth, workspaceUrlKey };
}

/** A failed question about the API key's workspace is asked again no sooner than this. */
const ASK_AGAIN_MS = 60_000;

/**
 * The workspace of LINEAR_API_KEY, for a server never installed as an app: asked at start-up
 * without waiting (an unreachable Linear delays nothing), again when needed after a failure
 * (at most once a minute), then remembered. Undefined until Linear answered: sign-in is
 * refused meanwhile, never opened.
 */
function apiKeyOrganization(
  api: LinearApi,
  options: Pick<StartServerOptions, 'log' | 'now'>,
): () => { id: string; name: string; urlKey: string } | undefined {
  let org: { id: string; name: string; urlKey: string } | undefined;
  let askedAt = -Infinity;
  let asking = false;
  const ask = async (): Promise<void> => {
    try {
      const viewer = viewerOf(await api.read(VIEWER_QUERY));
      if (viewer === undefined) {
        options.log.warn('Linear did not say which workspace the API key belongs to');
        return;
      }
      org = viewer.organization;
    } catch (error) {
      options.log.warn('could not ask Linear which workspace the API key belongs to', {
        error: (error as Error).message,
      });
    } finally {
      asking = false;
    }
  };
  return () => {
    if (org === undefined && !asking && options.now() - askedAt >= ASK_AGAIN_MS) {
      asking = true;
      askedAt = options.now();
      void ask();
    }
    return org;
  };
}

/** An unusable KEYRANK_DB stops start-up with one message saying what is accepted. */
async function openStores(target: string): Promise<Database> {
  try {
    return await openDatabase(target);
  } catch (error) {
    throw unusableInbox(target, error);
  }
}

function unusableInbox(target: string, error: unknown): ConfigError {
  return new ConfigError([
    `cannot use ${describeTarget(target)} as the inbox database (KEYRANK_DB): ${(error as Error).message}. ` +
      'KEYRANK_DB must name a SQLite file Keyrank can write (created if missing) in an existing, writable directory, ' +
      'or a PostgreSQL database as postgres://user:password@host:5432/name.',
  ]);
}
