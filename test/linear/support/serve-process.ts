import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_KEY, type LocalLinear } from './local-linear';
import { SECRET } from './webhooks';
import { OKRS_PATH, PUBLIC_URL } from './workspace';

const MAIN = new URL('../../../dist/cli/main.js', import.meta.url).pathname;

export interface ServeProcess {
  process: ChildProcess;
  port: number;
  exited: Promise<number | string | null>;
  /** Everything written to stderr so far (JSON log lines). */
  log: () => string;
  /** Resolves when stderr has matched `pattern` `times` times. */
  logged: (pattern: RegExp, times?: number, ms?: number) => Promise<void>;
}

/** The environment `keyrank serve` needs against a local Linear, with a fresh inbox file. */
export function serveEnv(linear: LocalLinear, prefix: string) {
  return {
    LINEAR_API_KEY: API_KEY,
    LINEAR_WEBHOOK_SECRET: SECRET,
    LINEAR_API_URL: linear.url,
    KEYRANK_OKRS: OKRS_PATH,
    KEYRANK_DB: join(mkdtempSync(join(tmpdir(), prefix)), 'keyrank.db'),
    KEYRANK_PUBLIC_URL: PUBLIC_URL,
    KEYRANK_RERANK_DELAY_MS: '50',
    PORT: '0',
  };
}

/** `keyrank serve` as a real process (the compiled binary), listening on a free port. */
export async function startServeProcess(env: Record<string, string>): Promise<ServeProcess> {
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const logged = async (pattern: RegExp, times = 1, ms = 20_000): Promise<void> => {
    const global = new RegExp(pattern.source, 'g');
    await waitFor(() => (text.match(global)?.length ?? 0) >= times, ms);
  };
  const port = await Promise.race([
    logged(/"message":"keyrank serve is listening","port":\d+/).then(
      () => Number(/"message":"keyrank serve is listening","port":(\d+)/.exec(text)?.[1]),
      () => {
        // Not left running behind a failed test, and its log says where it stopped.
        child.kill('SIGKILL');
        throw new Error(`keyrank serve did not start listening: ${text}`);
      },
    ),
    exited.then((code) => Promise.reject(new Error(`keyrank serve exited (${code}): ${text}`))),
  ]);
  return { process: child, port, exited, log: () => text, logged };
}

export async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error('timed out');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
