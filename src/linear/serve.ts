import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { LinearClient } from '@linear/sdk';
import { LinearWebhookClient } from '@linear/sdk/webhooks';
import type { Okrs, Settings } from '../core/index';
import { ConfigError } from './errors';
import { Inbox } from './inbox';
import { LinearApi, type LinearApiOptions } from './linear-api';
import type { Logger } from './logger';
import { scoreLinks } from './score-links';
import { keyrankServer, type ServerLimits } from './server';
import { Worker } from './worker';

export interface ServeOptions {
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
  /** The clock for the worker and the inbox; tests pass one they can move on. */
  now?: () => number;
  limits?: Partial<ServerLimits>;
  rerankDelayMs?: number;
  retryDelayMs?: number;
  /** Every team is synced at start and then this often (KEYRANK_SYNC_HOURS); without it, never. */
  syncEveryMs?: number;
  api?: Partial<Omit<LinearApiOptions, 'client' | 'log'>>;
}

export interface Running {
  server: Server;
  worker: Worker;
  inbox: Inbox;
  api: LinearApi;
  port: number;
  close: () => Promise<void>;
}

/**
 * Opens the inbox, starts the worker (which first syncs every team and then drains what a
 * previous run accepted) and listens. `/healthz` answers once this resolves.
 */
export async function startServe(options: ServeOptions): Promise<Running> {
  const now = options.now ?? Date.now;
  const inbox = openInbox(options.dbPath, now);
  const links = scoreLinks(options.publicUrl, options.webhookSecret);
  const api = new LinearApi({
    client: new LinearClient({ apiKey: options.apiKey, apiUrl: options.apiUrl }),
    log: options.log,
    ...options.api,
  });
  const worker = new Worker({
    api,
    inbox,
    okrs: options.okrs,
    settings: options.settings,
    links,
    log: options.log,
    today: options.today,
    now,
    ...(options.syncEveryMs !== undefined && { syncEveryMs: options.syncEveryMs }),
    ...(options.rerankDelayMs !== undefined && { rerankDelayMs: options.rerankDelayMs }),
    ...(options.retryDelayMs !== undefined && { retryDelayMs: options.retryDelayMs }),
  });
  const server = keyrankServer({
    verifier: new LinearWebhookClient(options.webhookSecret),
    inbox,
    log: options.log,
    links,
    accepted: () => worker.wake(),
    ...(options.limits !== undefined && { limits: options.limits }),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
    });
  } catch (error) {
    inbox.shutdown();
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([
      `cannot listen on port ${options.port} (PORT): ${code === 'EADDRINUSE' ? 'another program uses it' : (error as Error).message}`,
    ]);
  }
  // Started once the port is bound, so a failed start leaves the inbox untouched.
  worker.start();
  const port = (server.address() as AddressInfo).port;
  const { pending, setAside } = inbox.counts();
  options.log.info('keyrank serve is listening', { port, pendingEvents: pending, setAside });
  return {
    server,
    worker,
    inbox,
    api,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await worker.stop();
      inbox.shutdown();
    },
  };
}

/** An unusable KEYRANK_DB stops start-up with one message saying what is accepted. */
function openInbox(path: string, now: () => number): Inbox {
  try {
    return new Inbox(path, now);
  } catch (error) {
    throw new ConfigError([
      `cannot use ${path} as the inbox database (KEYRANK_DB): ${(error as Error).message}. ` +
        'KEYRANK_DB must name a SQLite file Keyrank can write (created if missing) in an existing, writable directory.',
    ]);
  }
}
