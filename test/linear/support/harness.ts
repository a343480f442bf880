import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Okrs, Settings } from '../../../src/core/index';
import { silentLogger, type Logger } from '../../../src/linear/logger';
import type { ServerLimits } from '../../../src/linear/server/http-server';
import { startServer, type RunningServer } from '../../../src/linear/server/start-server';
import { API_KEY, LocalLinear, type Team } from './local-linear';
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
    /** Runs before the server starts, with the local Linear seeded and the inbox path chosen. */
    before?: (linear: LocalLinear, teams: { eng: Team; ops: Team }, dbPath: string) => void;
  } = {},
): Promise<Harness> {
  const linear = new LocalLinear();
  await linear.start();
  const { eng, ops } = seedWorkspace(linear);
  const dbPath = join(mkdtempSync(join(tmpdir(), 'keyrank-')), 'keyrank.db');
  options.before?.(linear, { eng, ops }, dbPath);
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
    close: async () => {
      await serve.close();
      await linear.close();
    },
  };
}
