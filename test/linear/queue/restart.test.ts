import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalLinear, type Issue } from '../support/local-linear';
import { serveEnv, startServeProcess, waitFor } from '../support/serve-process';
import { postWebhook } from '../support/webhooks';
import { seedWorkspace } from '../support/workspace';

const EVENTS = 200;
const LABELS = ['Key Results/O1-KR1', 'Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];

function statuses(dbPath: string): unknown[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(`SELECT status, COUNT(*) AS n FROM events GROUP BY status`).all();
  } finally {
    db.close();
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
      issues.push(linear.addIssue(eng, { labels: LABELS, estimate: 2 }));
    }
    const env = serveEnv(linear, 'keyrank-crash-');

    // Linear hangs, so the worker cannot finish a single event before the kill.
    const release = linear.stall();
    const first = await startServeProcess(env);
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

    const second = await startServeProcess(env);
    await waitFor(() => linear.attachments.length === EVENTS, 30_000);
    await waitFor(
      () => JSON.stringify(statuses(env.KEYRANK_DB)).includes('"pending"') === false,
      10_000,
    );
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
    expect(statuses(env.KEYRANK_DB)).toEqual([{ status: 'done', n: EVENTS }]);
  }, 60_000);
});

describe('a crash between a write and its commit', () => {
  const linear = new LocalLinear();
  afterAll(async () => {
    await linear.close();
  });

  it('SIGKILL after Linear applied the write, before the inbox closed the event: no extra write on restart', async () => {
    await linear.start();
    seedWorkspace(linear);
    const eng = linear.teams[0];
    if (eng === undefined) {
      throw new Error('no team');
    }
    const env = serveEnv(linear, 'keyrank-torn-');
    const first = await startServeProcess(env);
    // The start-up sync of both teams has run: from here on, only the event writes.
    await first.logged(/"message":"team synced"/, 2);

    const issue = linear.addIssue(eng, { labels: LABELS, estimate: 4 });
    const release = linear.holdWriteAnswers();
    const answer = await postWebhook(
      `http://127.0.0.1:${first.port}`,
      linear.webhook(issue, 'create'),
    );
    expect(answer.status).toBe(200);
    // Linear has applied the write; its answer never reaches keyrank.
    await waitFor(() => linear.attachmentOf(issue) !== undefined, 10_000);
    first.process.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    release();
    const writes = linear.writes;
    expect(writes).toBe(1);
    expect(statuses(env.KEYRANK_DB)).toEqual([{ status: 'pending', n: 1 }]);

    const second = await startServeProcess(env);
    await waitFor(
      () => JSON.stringify(statuses(env.KEYRANK_DB)).includes('"pending"') === false,
      10_000,
    );
    await second.logged(/"message":"team synced"/, 2);
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(linear.writes - writes).toBe(0);
    expect(linear.attachments.filter((a) => a.issueId === issue.id)).toHaveLength(1);
    expect(statuses(env.KEYRANK_DB)).toEqual([{ status: 'done', n: 1 }]);
  }, 60_000);
});
