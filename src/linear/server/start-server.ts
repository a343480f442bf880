import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { InboxFile } from '../store/inbox-file';
import { KnownIssues } from '../store/known-issues';
import { RerankMarks } from '../store/rerank-marks';
import { ScoreStore } from '../store/score-store';
import { recordProgress } from '../sync/record-progress';
import { HealthCheck } from './health';
import { httpServer, type ServerLimits } from './http-server';
import { scoreLinks } from './score-links';

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
  /** KEYRANK_API_TOKEN: turns on POST /api/key-results/<id>/check-ins. */
  apiToken?: string;
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
  const file = openInboxFile(options.dbPath);
  let stores;
  try {
    stores = {
      events: new EventQueue(file, now),
      scores: new ScoreStore(file),
      reranks: new RerankMarks(file),
      known: new KnownIssues(file),
      checkIns: new CheckInStore(file),
    };
  } catch (error) {
    file.close();
    throw unusableInbox(options.dbPath, error);
  }
  const { events, scores, reranks, known, checkIns } = stores;
  // The file's OKRs with the stored check-ins: what every score and the push route's answer use.
  const scoringOkrs = () => withStoredCheckIns(options.okrs, checkIns);
  const health = new HealthCheck(file, events, now);
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
    okrs: scoringOkrs(),
    settings: options.settings,
    links,
    log: options.log,
    today: options.today,
    now,
    // Automatic KR values first, so the sync that follows scores every issue with them.
    beforeSync: async (asOf) => {
      const read = await recordProgress(
        { api, okrs: scoringOkrs(), settings: options.settings, store: checkIns, log: options.log },
        asOf,
      );
      if (read.recorded.length > 0) {
        worker.useOkrs(scoringOkrs());
      }
    },
    ...(options.syncEveryMs !== undefined && { syncEveryMs: options.syncEveryMs }),
    ...(options.rerankDelayMs !== undefined && { rerankDelayMs: options.rerankDelayMs }),
    ...(options.coalesceMs !== undefined && { coalesceMs: options.coalesceMs }),
    ...(options.retryDelayMs !== undefined && { retryDelayMs: options.retryDelayMs }),
  });
  const server = httpServer({
    verifier: new LinearWebhookClient(options.webhookSecret),
    events,
    scores,
    health,
    log: options.log,
    links,
    accepted: () => worker.wake(),
    checkIns: {
      apiToken: options.apiToken,
      okrs: scoringOkrs,
      settings: options.settings,
      store: checkIns,
      today: options.today,
      log: options.log,
      recorded: () => worker.useOkrs(scoringOkrs()),
    },
    ...(options.limits !== undefined && { limits: options.limits }),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
    });
  } catch (error) {
    file.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([
      `cannot listen on port ${options.port} (PORT): ${code === 'EADDRINUSE' ? 'another program uses it' : (error as Error).message}`,
    ]);
  }
  // Started once the port is bound, so a failed start leaves the inbox untouched.
  worker.start();
  const port = (server.address() as AddressInfo).port;
  const { pending, setAside } = events.counts();
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
      file.close();
    },
  };
}

/** An unusable KEYRANK_DB stops start-up with one message saying what is accepted. */
function openInboxFile(path: string): InboxFile {
  try {
    return new InboxFile(path);
  } catch (error) {
    throw unusableInbox(path, error);
  }
}

function unusableInbox(path: string, error: unknown): ConfigError {
  return new ConfigError([
    `cannot use ${path} as the inbox database (KEYRANK_DB): ${(error as Error).message}. ` +
      'KEYRANK_DB must name a SQLite file Keyrank can write (created if missing) in an existing, writable directory.',
  ]);
}
