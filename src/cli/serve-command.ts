import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Clock } from '../linear/clock';
import { ConfigError, loadConfig } from '../linear/config';
import { jsonLogger } from '../linear/logger';
import { loadOkrs } from '../linear/read/load-okrs';
import { startServer } from '../linear/server/start-server';
import { InputError, UsageError } from './errors';
import type { Io } from './io';

export const SERVE_HELP = `Usage: keyrank serve

Runs the Linear webhook adapter: POST /webhooks/linear (signed Issue events), GET /healthz,
and, for people signed in with Linear, the OKR roadmap page (GET /, /teams/<key>, its API
under /api/) and GET /issues/<identifier>?sig=… (the score page attachments link to; without
a valid sig it is 404). Sign-in needs LINEAR_OAUTH_CLIENT_ID and LINEAR_OAUTH_CLIENT_SECRET;
without them the pages and /api/ say so. Accepted events are kept in a SQLite inbox, so a restart processes whatever was
accepted and not yet applied. Every team is synced at start and every KEYRANK_SYNC_HOURS, so
a delivery Linear never made is caught up.

Environment:
  LINEAR_API_KEY         a Linear API key (required)
  LINEAR_WEBHOOK_SECRET  the webhook's signing secret (required)
  KEYRANK_PUBLIC_URL     the HTTPS address of this server, for attachment links (required)
  LINEAR_API_URL         default https://api.linear.app/graphql
  KEYRANK_OKRS           the OKR file; default ./okrs.yml
  KEYRANK_DB             the inbox database: an SQLite file (default ./keyrank.db) or
                         postgres://user:pass@host:5432/db, shared by replicas
  PORT                   default 8787
  KEYRANK_RERANK_DELAY_MS  quiet time before a team is re-ranked; default 2000
  KEYRANK_SYNC_HOURS     hours between syncs of every team (a positive number); default 6
  KEYRANK_API_TOKEN      bearer token for programs: POST /api/key-results/<id>/check-ins
                         (off without it) and the roadmap API
  LINEAR_OAUTH_CLIENT_ID      Sign in with Linear: the OAuth application's client ID
  LINEAR_OAUTH_CLIENT_SECRET  … and its secret; the callback is KEYRANK_PUBLIC_URL/auth/callback

Logs go to stderr as JSON lines. SIGINT or SIGTERM stops the server after the current event.
Exit status: 0 stopped; 1 bad configuration or OKR file; 2 wrong usage.
`;

/**
 * The roadmap page's build: static/roadmap/build of the installed package. This file is
 * src/cli/serve-command.ts in the sources and dist/cli/main.js once bundled: both two folders
 * below the package root.
 */
const PAGE_DIR = fileURLToPath(new URL('../../static/roadmap/build', import.meta.url));

/** Resolves when the process is asked to stop. */
export type StopSignal = () => Promise<string>;

const processStopSignal: StopSignal = () =>
  new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

/** The real clock: the Linear adapter reads none of its own, it is handed this one. */
const systemClock: Clock = () => Date.now();

/** `keyrank serve`: runs until stopped; returns the exit code. */
export async function serveCommand(
  args: string[],
  io: Io,
  stopped: StopSignal = processStopSignal,
  now: Clock = systemClock,
): Promise<number> {
  let help: boolean | undefined;
  try {
    help = parseArgs({ args, strict: true, options: { help: { type: 'boolean', short: 'h' } } })
      .values.help;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (help) {
    io.stdout(SERVE_HELP);
    return 0;
  }
  let running;
  try {
    const config = loadConfig(io.env, [
      'LINEAR_API_KEY',
      'LINEAR_WEBHOOK_SECRET',
      'KEYRANK_PUBLIC_URL',
    ]);
    const loaded = loadOkrs(config.okrsPath, io.readFile);
    const log = jsonLogger(
      io.stderr,
      [config.apiKey, config.webhookSecret, config.apiToken, config.oauthClientSecret],
      now,
    );
    for (const warning of loaded.warnings) {
      log.warn(warning);
    }
    running = await startServer({
      apiKey: config.apiKey as string,
      apiUrl: config.apiUrl,
      webhookSecret: config.webhookSecret as string,
      dbPath: config.dbPath,
      publicUrl: config.publicUrl as string,
      port: config.port,
      okrs: loaded.okrs,
      settings: loaded.settings,
      log,
      today: io.today,
      now,
      rerankDelayMs: config.rerankDelayMs,
      coalesceMs: config.coalesceMs,
      syncEveryMs: config.syncEveryMs,
      ...(config.apiToken !== undefined && { apiToken: config.apiToken }),
      ...(config.oauthClientId !== undefined &&
        config.oauthClientSecret !== undefined && {
          signIn: {
            clientId: config.oauthClientId,
            clientSecret: config.oauthClientSecret,
            ...(config.oauthUrl !== undefined && { oauthUrl: config.oauthUrl }),
          },
        }),
      pageDir: PAGE_DIR,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new InputError(error.problems);
    }
    throw error;
  }
  const signal = await stopped();
  io.stderr(`keyrank serve: ${signal}, stopping\n`);
  await running.close();
  return 0;
}
