import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Okrs, Settings } from '../../../src/core/index';
import { silentLogger, type Logger } from '../../../src/linear/logger';
import type { ServerLimits } from '../../../src/linear/server/http-server';
import { linearViewer } from '../../../src/linear/server/auth/linear-viewer';
import { startServer, type RunningServer } from '../../../src/linear/server/start-server';
import type { RoadmapHandlers } from '../../../src/linear/server/web-routes';
import { openDatabase } from '../../../src/linear/store/database/open-database';
import { SessionStore } from '../../../src/linear/store/session-store';
import { API_KEY, LocalLinear, type Team } from './local-linear';
import { ACME, LocalOAuth } from './local-oauth';
import { SECRET } from './webhooks';
import { AS_OF, fixtureOkrs, PUBLIC_URL, seedWorkspace } from './workspace';

export interface Harness {
  linear: LocalLinear;
  serve: RunningServer;
  baseUrl: string;
  dbPath: string;
  eng: Team;
  ops: Team;
  logs: { level: string; message: string; fields: Record<string, unknown> }[];
  /** The local Linear OAuth server, with `signIn`. */
  oauth: LocalOAuth | undefined;
  close: () => Promise<void>;
}

/** A local Linear with a seeded workspace and `keyrank serve` in-process on a free port. */
export async function startHarness(
  options: {
    limits?: Partial<ServerLimits>;
    rerankDelayMs?: number;
    /** KEYRANK_COALESCE_MS; short by default so each test's events are handled at once. */
    coalesceMs?: number;
    /** Sync every team at start and then this often; the harness waits for the first. */
    syncEveryMs?: number;
    /** The clock of the worker, the stores and the Linear client; the real one by default. */
    now?: () => number;
    rankAutomatically?: boolean;
    /** The OKR file the server runs with; the CLI fixture's by default. */
    okrs?: { okrs: Okrs; settings: Settings };
    /** KEYRANK_API_TOKEN: turns on the push check-in route. */
    apiToken?: string;
    /**
     * Sign in with Linear against a local OAuth server, Keyrank installed in its workspace ACME
     * (the stored app token), so its members (ANA) may sign in.
     */
    signIn?: boolean;
    /** The roadmap API the server mounts; the real one by default. */
    roadmap?: RoadmapHandlers;
    /** The roadmap page's build folder; the repository's by default. */
    pageDir?: string;
    /** KEYRANK_DB: a fresh SQLite file by default; a `postgres://` URL runs on PostgreSQL. */
    dbPath?: string;
    /** Runs before the server starts, with the local Linear seeded and the inbox path chosen. */
    before?: (
      linear: LocalLinear,
      teams: { eng: Team; ops: Team },
      dbPath: string,
    ) => void | Promise<void>;
  } = {},
): Promise<Harness> {
  const linear = new LocalLinear();
  await linear.start();
  const { eng, ops } = seedWorkspace(linear);
  const dbPath = options.dbPath ?? join(mkdtempSync(join(tmpdir(), 'keyrank-')), 'keyrank.db');
  await options.before?.(linear, { eng, ops }, dbPath);
  const oauth = options.signIn === true ? await installedOAuth(dbPath) : undefined;
  if (oauth !== undefined) {
    // A person's token from the local OAuth server works on the local Linear as that person.
    oauth.onIssue = (token, user) =>
      linear.addPerson(token, { name: user.name, writes: 'allowed' });
  }
  const logs: Harness['logs'] = [];
  const capture =
    (level: string): Logger['info'] =>
    (message, fields = {}) =>
      logs.push({ level, message, fields });
  const log: Logger = {
    ...silentLogger,
    info: capture('info'),
    warn: capture('warn'),
    error: capture('error'),
  };
  const { okrs, settings } = options.okrs ?? fixtureOkrs();
  const serve = await startServer({
    apiKey: API_KEY,
    apiUrl: linear.url,
    webhookSecret: SECRET,
    dbPath,
    publicUrl: PUBLIC_URL,
    port: 0,
    host: '127.0.0.1',
    okrs,
    settings: {
      ...settings,
      rankAutomatically: options.rankAutomatically ?? settings.rankAutomatically,
    },
    log,
    today: () => AS_OF,
    rerankDelayMs: options.rerankDelayMs ?? 50,
    coalesceMs: options.coalesceMs ?? 10,
    retryDelayMs: 50,
    api: { backoffMs: 10, timeoutMs: 2_000 },
    ...(options.limits !== undefined && { limits: options.limits }),
    ...(options.syncEveryMs !== undefined && { syncEveryMs: options.syncEveryMs }),
    now: options.now ?? (() => Date.now()),
    ...(options.apiToken !== undefined && { apiToken: options.apiToken }),
    ...(oauth !== undefined && {
      signIn: {
        clientId: oauth.clientId,
        clientSecret: oauth.clientSecret,
        oauthUrl: oauth.url,
        // People's tokens are the local OAuth server's; it says whose they are.
        readViewer: linearViewer(oauth.apiUrl),
      },
    }),
    ...(options.roadmap !== undefined && { roadmap: options.roadmap }),
    ...(options.pageDir !== undefined && { pageDir: options.pageDir }),
  });
  if (options.syncEveryMs !== undefined) {
    await serve.worker.settle();
  }
  return {
    linear,
    serve,
    baseUrl: `http://127.0.0.1:${serve.port}`,
    dbPath,
    eng,
    ops,
    logs,
    oauth,
    close: async () => {
      await serve.close();
      await linear.close();
      await oauth?.close();
    },
  };
}

/** A local OAuth server, and Keyrank's installation in its workspace stored in the inbox file. */
async function installedOAuth(dbPath: string): Promise<LocalOAuth> {
  const oauth = new LocalOAuth();
  await oauth.start();
  oauth.redirectUris.push(`${PUBLIC_URL}/auth/callback`);
  const db = await openDatabase(dbPath);
  try {
    await (
      await SessionStore.open(db)
    ).saveAppToken(
      ACME,
      {
        accessToken: 'app-token-unused',
        refreshToken: null,
        expiresAt: null,
        scopes: ['read', 'write'],
      },
      Date.now(),
    );
  } finally {
    await db.close();
  }
  return oauth;
}
