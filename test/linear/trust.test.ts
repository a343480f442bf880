import { unlinkSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness';
import type { Issue } from './support/local-linear';
import { postWebhook } from './support/webhooks';
import { PUBLIC_URL } from './support/workspace';

const RICE_LABELS = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];

/** A second connection to the inbox file, as a person with sqlite3 would have. */
function withDb<T>(path: string, work: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** The signed link of the issue's attachment, pointed at the local server. */
function pageUrl(h: Harness, issue: Issue): string {
  const url = h.linear.attachmentOf(issue)?.url;
  if (url === undefined) {
    throw new Error(`${issue.identifier} has no attachment`);
  }
  return url.replace(PUBLIC_URL, h.baseUrl);
}

describe('events are applied against what Linear holds now', () => {
  let h: Harness;
  beforeAll(async () => {
    // Re-ranking has its own tests; here every request to Linear belongs to the event.
    h = await startHarness({ rankAutomatically: false });
  });
  afterAll(async () => {
    await h.close();
  });
  let requests = 0;
  let writes = 0;
  beforeEach(() => {
    requests = h.linear.requests.length;
    writes = h.linear.writes;
  });

  async function deliver(payload: unknown, delivery?: string) {
    const answer = await postWebhook(h.baseUrl, payload, delivery ? { delivery } : {});
    expect(answer.status).toBe(200);
    await h.serve.worker.settle();
    return answer;
  }

  it('an older delivery arriving after a newer one writes nothing', async () => {
    const issue = h.linear.addIssue(h.eng, { labels: RICE_LABELS, estimate: 4 });
    // The first change: no key result yet. Its delivery is delayed (Linear retries it later).
    const older = h.linear.webhook(issue, 'update', { labelIds: [] });
    // Then someone links the issue to a key result; that delivery arrives first.
    h.linear.edit(issue, (i) => i.labelIds.push(h.linear.label('Key Results/O1-KR1').id));
    await deliver(h.linear.webhook(issue, 'update', { labelIds: [] }));
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 400');
    writes = h.linear.writes;

    // The retry of the older delivery, re-signed by Linear with a fresh timestamp.
    await deliver({ ...older, webhookTimestamp: Date.now() });
    expect(h.linear.writes - writes).toBe(0);
    expect(h.linear.labelNames(issue)).not.toContain('icebox');
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 400');
  });

  it('the replay of an event whose write landed but whose close did not writes nothing', async () => {
    const issue = h.linear.addIssue(h.eng, { labels: RICE_LABELS, estimate: 4 });
    await deliver(h.linear.webhook(issue, 'create'), 'crash-1');
    expect(h.linear.labelNames(issue)).toContain('icebox');
    writes = h.linear.writes;
    const reads = h.linear.reads;
    // As if the process died between Linear's answer and the inbox commit.
    withDb(h.dbPath, (db) =>
      db.prepare(`UPDATE events SET status = 'pending' WHERE delivery = 'crash-1'`).run(),
    );
    await h.serve.worker.settle();
    expect(h.serve.inbox.counts().pending).toBe(0);
    expect(h.linear.reads - reads).toBe(1);
    expect(h.linear.writes - writes).toBe(0);
  });

  it('the same body under new delivery ids costs no request at all', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 2,
    });
    const body = JSON.stringify(h.linear.webhook(issue, 'create'));
    await deliver(body);
    const spent = h.linear.requests.length - requests;
    expect(spent).toBe(2);
    requests = h.linear.requests.length;
    for (let i = 0; i < 25; i++) {
      const answer = await deliver(body);
      expect(JSON.parse(answer.body)).toEqual({ status: 'Duplicate' });
    }
    expect(h.linear.requests.length - requests).toBe(0);
  });
});

describe('hostile numbers and unreadable rows never wedge anything', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rankAutomatically: false });
  });
  afterAll(async () => {
    await h.close();
  });

  it('reach 1e308 over effort 1e-308 is a problem on the issue, never Infinity', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1'],
      description: 'RICE: reach 1e308, impact 3, confidence 100%, effort 1e-308',
    });
    await postWebhook(h.baseUrl, h.linear.webhook(issue, 'create'));
    await h.serve.worker.settle();
    const attachment = h.linear.attachmentOf(issue);
    expect(attachment?.title).toBe('Keyrank: no score yet');
    expect(attachment?.subtitle).toContain(
      'reach × impact × confidence / effort is too large to score',
    );
    expect(JSON.stringify(attachment)).not.toContain('Infinity');
    const page = await fetch(pageUrl(h, issue));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<strong>Score:</strong> no score');
    expect(h.serve.inbox.counts().pending).toBe(0);
  });

  it('a stored score that no longer reads answers 404, not 500, and the next event recomputes it', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 4,
    });
    await postWebhook(h.baseUrl, h.linear.webhook(issue, 'create'));
    await h.serve.worker.settle();
    // What an older version stored: 9e999 is how SQLite writes Infinity.
    withDb(h.dbPath, (db) =>
      db.prepare(`UPDATE scores SET score = 9e999 WHERE identifier = ?`).run(issue.identifier),
    );
    expect((await fetch(pageUrl(h, issue))).status).toBe(404);

    const answer = await postWebhook(h.baseUrl, h.linear.webhook(issue, 'update'));
    expect(answer.status).toBe(200);
    await h.serve.worker.settle();
    expect(h.serve.inbox.counts().pending).toBe(0);
    const page = await fetch(pageUrl(h, issue));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<strong>Score:</strong> 400');
  });

  it('an inbox row that does not read is set aside, logged and counted; the rows behind it go on', async () => {
    const before = h.serve.inbox.counts();
    withDb(h.dbPath, (db) => {
      const insert = db.prepare(
        `INSERT INTO events (delivery, issue_id, received_at, payload) VALUES (?, ?, ?, ?)`,
      );
      insert.run('torn-row', 'issue-x', new Date().toISOString(), '{"type":"Issue","act');
      insert.run('not-an-issue', null, new Date().toISOString(), '{"type":"Issue"}');
      insert.run('blob-row', null, new Date().toISOString(), Buffer.from([0xff, 0x00]));
    });
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 4,
    });
    await postWebhook(h.baseUrl, h.linear.webhook(issue, 'create'));
    await h.serve.worker.settle();
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 400');
    const after = h.serve.inbox.counts();
    expect(after.pending).toBe(0);
    expect(after.setAside).toBe(before.setAside + 3);
    expect(h.serve.inbox.setAsideEvents(3).map((e) => e.delivery)).toEqual([
      'blob-row',
      'not-an-issue',
      'torn-row',
    ]);
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', pending: 0, setAside: after.setAside });
    expect(h.logs.filter((l) => l.level === 'error' && /set aside/.test(l.message))).toHaveLength(
      2,
    );
  });
});

describe('the periodic sync heals missed deliveries', () => {
  const HOUR = 3_600_000;
  let clock = Date.now();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ syncEveryMs: 6 * HOUR, now: () => clock });
  });
  afterAll(async () => {
    await h.close();
  });

  it('syncs at start-up, then catches a delivery Linear never made within KEYRANK_SYNC_HOURS', async () => {
    expect(h.serve.worker.syncsRun).toBe(1);
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 4,
    });
    const iced = h.linear.addIssue(h.ops, { labels: RICE_LABELS, estimate: 1 });
    // Their webhooks are lost. Five hours on, nothing has happened yet.
    clock += 5 * HOUR;
    await h.serve.worker.settle();
    expect(h.serve.worker.syncsRun).toBe(1);
    expect(h.linear.attachmentOf(issue)).toBeUndefined();

    const writes = h.linear.writes;
    clock += 1 * HOUR;
    await h.serve.worker.settle();
    expect(h.serve.worker.syncsRun).toBe(2);
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 400');
    expect(h.linear.labelNames(iced)).toContain('icebox');
    // One batched write per team with something to change, never one per issue.
    expect(h.linear.writes - writes).toBe(2);
    expect((await fetch(pageUrl(h, issue))).status).toBe(200);

    // A sync with nothing to heal writes nothing.
    const settled = h.linear.writes;
    clock += 6 * HOUR;
    await h.serve.worker.settle();
    expect(h.serve.worker.syncsRun).toBe(3);
    expect(h.linear.writes).toBe(settled);
  });

  it('closes the pending events a sync has overtaken without reading them', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 2,
    });
    // The event is stored while a sync is due: the sync, not the event, settles the issue.
    clock += 6 * HOUR;
    const release = h.linear.stall();
    const answer = await postWebhook(h.baseUrl, h.linear.webhook(issue, 'create'));
    expect(answer.status).toBe(200);
    release();
    await h.serve.worker.settle();
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 800');
    const outcome = withDb(h.dbPath, (db) =>
      db
        .prepare(`SELECT outcome FROM events WHERE issue_id = ? ORDER BY seq DESC`)
        .pluck()
        .get(issue.id),
    );
    expect(outcome).toBe('synced');
  });
});

describe('/healthz and the webhook when the inbox file is gone', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rankAutomatically: false });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers 503 instead of accepting events it would lose', async () => {
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    for (const suffix of ['', '-wal', '-shm']) {
      unlinkSync(`${h.dbPath}${suffix}`);
    }
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { error: string }).error).toMatch(
      /inbox database file is gone \(KEYRANK_DB\)/,
    );
    const issue = h.linear.addIssue(h.eng, { labels: RICE_LABELS });
    // 503: Linear delivers it again later, to a restarted server.
    const answer = await postWebhook(h.baseUrl, h.linear.webhook(issue, 'create'));
    expect(answer.status).toBe(503);
    expect(h.logs.some((l) => l.message.includes('cannot store events'))).toBe(true);
  });
});
