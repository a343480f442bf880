import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DONE_RETENTION_MS } from '../../../src/linear/queue/worker';
import { openDatabase } from '../../../src/linear/store/database/open-database';
import { EventQueue } from '../../../src/linear/store/event-queue';
import { startHarness, type Harness } from '../support/harness';
import { postWebhook } from '../support/webhooks';

const DAY = 24 * 3_600_000;
const RICE = ['Key Results/O1-KR1', 'Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];

/** Rows written straight to the inbox file, as if received at `receivedAt` (epoch ms). */
function insertRows(path: string, status: string, count: number, receivedAt: number): void {
  const db = new Database(path);
  try {
    const insert = db.prepare(
      `INSERT INTO events (delivery, fingerprint, received_at, payload, status, outcome)
       VALUES (?, ?, ?, '{}', ?, 'done')`,
    );
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const key = `${status}-${receivedAt}-${i}`;
        insert.run(key, key, new Date(receivedAt).toISOString(), status);
      }
    })();
  } finally {
    db.close();
  }
}

describe('closed events are pruned after the retention window', () => {
  let clock = Date.parse('2026-11-15T09:00:00Z');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rankAutomatically: false, now: () => clock });
  });
  afterAll(async () => {
    await h.close();
  });

  it('is longer than Linear retries a delivery (6 h) plus a sync interval', () => {
    expect(DONE_RETENTION_MS).toBeGreaterThan(6 * 3_600_000 + 6 * 3_600_000);
  });

  it('recognises a replay for the whole window, and forgets the event after it', async () => {
    const issue = h.linear.addIssue(h.eng, { labels: RICE, estimate: 4 });
    const body = JSON.stringify(h.linear.webhook(issue, 'create'));
    expect(JSON.parse((await postWebhook(h.baseUrl, body)).body)).toEqual({ status: 'Accepted' });
    await h.serve.worker.settle();
    const done = (await h.serve.events.counts()).done;

    // Six days on, the same body under a new delivery id is still a duplicate.
    clock += 6 * DAY;
    await h.serve.worker.settle();
    expect(JSON.parse((await postWebhook(h.baseUrl, body)).body)).toEqual({ status: 'Duplicate' });
    expect((await h.serve.events.counts()).done).toBe(done);

    // Past seven days the worker, idle, prunes the row and its fingerprint.
    clock += DAY + 60_000;
    await h.serve.worker.settle();
    expect((await h.serve.events.counts()).done).toBe(done - 1);
    // A replay now is applied against what Linear holds: nothing to change, nothing written.
    const writes = h.linear.writes;
    expect(JSON.parse((await postWebhook(h.baseUrl, body)).body)).toEqual({ status: 'Accepted' });
    await h.serve.worker.settle();
    expect(h.linear.writes).toBe(writes);
  });

  it('prunes a large backlog of old rows in batches, never set-aside or recent rows', async () => {
    const old = clock - 8 * DAY;
    insertRows(h.dbPath, 'done', 1_234, old);
    insertRows(h.dbPath, 'set_aside', 3, old);
    insertRows(h.dbPath, 'done', 5, clock - DAY);
    const before = await h.serve.events.counts();

    await h.serve.worker.settle();

    const after = await h.serve.events.counts();
    expect(after.done).toBe(before.done - 1_234);
    expect(after.setAside).toBe(before.setAside);
    expect(after.pending).toBe(before.pending);
  });
});

describe('an inbox file from before versioned schemas', () => {
  it('is upgraded in place: its pending event is kept and is due, new ones are accepted', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'keyrank-old-')), 'keyrank.db');
    // The events table as the first releases made it: no fingerprint, no claims, no versions.
    const old = new Database(path);
    old.exec(`CREATE TABLE events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, delivery TEXT NOT NULL UNIQUE, issue_id TEXT,
      received_at TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL DEFAULT 0, outcome TEXT);
      INSERT INTO events (delivery, issue_id, received_at, payload)
        VALUES ('d-old', 'issue-a', '2026-11-01T00:00:00.000Z', '{"type":"Issue"}');`);
    old.close();
    const db = await openDatabase(path);
    try {
      const events = await EventQueue.open(db, () => Date.parse('2026-11-15T09:00:00Z'));
      expect((await events.claim(Date.now(), 10)).map((e) => e.delivery)).toEqual(['d-old']);
      expect(await events.accept('d-new', 'fp-new', 'issue-b', '{}', null)).toBe(true);
      expect(await events.accept('d-again', 'fp-new', 'issue-b', '{}', null)).toBe(false);
      expect(await db.get(`SELECT version FROM store_versions WHERE store = 'events'`)).toEqual({
        version: 4,
      });
    } finally {
      await db.close();
    }
  });
});
