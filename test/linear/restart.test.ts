import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { API_KEY, LocalLinear, type Issue } from './support/local-linear';
import { postWebhook, SECRET } from './support/webhooks';
import { OKRS_PATH, PUBLIC_URL, seedWorkspace } from './support/workspace';

const MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const EVENTS = 200;

interface Child {
  process: ChildProcess;
  port: number;
  exited: Promise<number | string | null>;
}

/** `keyrank serve` as a real process (the compiled binary), listening on a free port. */
async function startServe(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const port = await new Promise<number>((resolve, reject) => {
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const match = /"message":"keyrank serve is listening","port":(\d+)/.exec(log);
      if (match) {
        resolve(Number(match[1]));
      }
    });
    void exited.then((code) => reject(new Error(`keyrank serve exited (${code}): ${log}`)));
  });
  return { process: child, port, exited };
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error('timed out');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a crash after the 200 loses nothing', () => {
  const linear = new LocalLinear();
  afterAll(async () => {
    await linear.close();
  });

  it('SIGKILL with 200 accepted, unprocessed events; the restart processes each exactly once', async () => {
    await linear.start();
    const { eng } = seedWorkspace(linear);
    const issues: Issue[] = [];
    for (let i = 0; i < EVENTS; i++) {
      issues.push(
        linear.addIssue(eng, {
          labels: [
            'Key Results/O1-KR1',
            'Impact/High (2)',
            'Confidence/Medium (80%)',
            'Reach/1,000',
          ],
          estimate: 2,
        }),
      );
    }
    const env = {
      LINEAR_API_KEY: API_KEY,
      LINEAR_WEBHOOK_SECRET: SECRET,
      LINEAR_API_URL: linear.url,
      KEYRANK_OKRS: OKRS_PATH,
      KEYRANK_DB: join(mkdtempSync(join(tmpdir(), 'keyrank-crash-')), 'keyrank.db'),
      KEYRANK_PUBLIC_URL: PUBLIC_URL,
      KEYRANK_RERANK_DELAY_MS: '50',
      PORT: '0',
    };

    // Linear hangs, so the worker cannot finish a single event before the kill.
    const release = linear.stall();
    const first = await startServe(env);
    const answers = await Promise.all(
      issues.map((issue) =>
        postWebhook(`http://127.0.0.1:${first.port}`, linear.webhook(issue, 'create')),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    first.process.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    release();
    expect(linear.writes).toBe(0);
    expect(linear.attachments).toHaveLength(0);

    const second = await startServe(env);
    await waitFor(() => linear.attachments.length === EVENTS, 30_000);
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    // Each issue got exactly one attachment write: none lost, none applied twice.
    const perIssue = new Map<string, number>();
    for (const request of linear.writeRequests()) {
      for (const [name, value] of Object.entries(request.variables)) {
        if (
          name.endsWith('_input') &&
          typeof value === 'object' &&
          value !== null &&
          'url' in value
        ) {
          const id = String((value as { issueId?: unknown }).issueId);
          perIssue.set(id, (perIssue.get(id) ?? 0) + 1);
        }
      }
    }
    expect(perIssue.size).toBe(EVENTS);
    expect([...perIssue.values()].every((count) => count === 1)).toBe(true);
    const db = new Database(env.KEYRANK_DB, { readonly: true });
    const rows = db.prepare(`SELECT status, COUNT(*) AS n FROM events GROUP BY status`).all();
    db.close();
    expect(rows).toEqual([{ status: 'done', n: EVENTS }]);
  }, 60_000);
});
