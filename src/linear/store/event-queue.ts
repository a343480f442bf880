import { z } from 'zod';
import { isoTime, type Clock } from '../clock';
import type { InboxFile } from './inbox-file';
import { countEvents, setAsideRows, type EventCounts, type SetAsideEvent } from './inbox-report';

/**
 * The durable queue of webhook events: an accepted webhook is written here before Linear gets
 * its 200, and leaves only when the worker has closed it. The delivery id and the event's
 * fingerprint are unique, so a redelivery or a replay under a new delivery id is a no-op.
 *
 * Statuses: `pending` (to do), `done` (closed, `outcome` says how) and `set_aside`: a row
 * Keyrank cannot read, kept for a person (counted in /healthz), never retried.
 */

export interface QueuedEvent {
  seq: number;
  delivery: string;
  issueId: string | null;
  payload: string;
  attempts: number;
}

/** An `events` row as SQLite returns it, read into the worker's shape. */
const EventRow = z
  .object({
    seq: z.number(),
    delivery: z.string(),
    issue_id: z.string().nullable(),
    payload: z.string(),
    attempts: z.number(),
  })
  .transform((r): QueuedEvent => ({
    seq: r.seq,
    delivery: r.delivery,
    issueId: r.issue_id,
    payload: r.payload,
    attempts: r.attempts,
  }));

const EVENT_COLUMNS = 'seq, delivery, issue_id, payload, attempts';

export class EventQueue {
  /** Prepared once: the worker runs these on every turn of its loop and for every event. */
  private readonly sql;

  constructor(
    private readonly file: InboxFile,
    private readonly now: Clock,
  ) {
    migrate(file);
    const { db } = file;
    this.sql = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO events (delivery, fingerprint, issue_id, received_at, payload, status, outcome)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      due: db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events
         WHERE status = 'pending' AND next_at <= ? ORDER BY seq LIMIT ?`,
      ),
      nextDue: db.prepare(`SELECT MIN(next_at) AS at FROM events WHERE status = 'pending'`),
      newestFor: db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events
         WHERE status = 'pending' AND issue_id = ? ORDER BY seq DESC LIMIT 1`,
      ),
      close: db.prepare(`UPDATE events SET status = 'done', outcome = ? WHERE seq = ?`),
      supersede: db.prepare(
        `UPDATE events SET status = 'done', outcome = 'superseded'
         WHERE issue_id = ? AND status = 'pending' AND seq < ?`,
      ),
      setAside: db.prepare(`UPDATE events SET status = 'set_aside', outcome = ? WHERE seq = ?`),
      retryLater: db.prepare(
        `UPDATE events SET attempts = attempts + 1, next_at = ?, outcome = ? WHERE seq = ?`,
      ),
    };
  }

  /**
   * Stores an event; false when its delivery id or its fingerprint was seen before (a
   * redelivery or a replay: harmless). Throws InboxUnavailableError when the file is gone.
   */
  accept(delivery: string, fingerprint: string, issueId: string | null, payload: string): boolean {
    return this.store(delivery, fingerprint, issueId, payload, 'pending', null);
  }

  /** Keeps a signed body Keyrank cannot read for a person to look at; never processed. */
  setAside(delivery: string, fingerprint: string, payload: string, reason: string): boolean {
    return this.store(delivery, fingerprint, null, payload, 'set_aside', reason);
  }

  private store(
    delivery: string,
    fingerprint: string,
    issueId: string | null,
    payload: string,
    status: 'pending' | 'set_aside',
    outcome: string | null,
  ): boolean {
    this.file.assertIntact();
    const receivedAt = isoTime(this.now());
    return (
      this.sql.insert.run(delivery, fingerprint, issueId, receivedAt, payload, status, outcome)
        .changes === 1
    );
  }

  /**
   * Pending events whose time has come, oldest first. A row that does not read as an event is
   * set aside here, so one bad row can never stall the rows behind it.
   */
  due(now: number, limit: number): QueuedEvent[] {
    const rows = this.sql.due.all(now, limit);
    return rows.flatMap((row) => this.readEvent(row));
  }

  /** The earliest time a pending event becomes due, or null when none is pending. */
  nextDue(): number | null {
    const row = this.sql.nextDue.get() as { at: number | null } | undefined;
    return row?.at ?? null;
  }

  /**
   * Closes an event, and every older pending event for the same issue: they were all applied
   * against what Linear holds now, which already includes whatever the older ones said.
   */
  close(event: QueuedEvent, outcome: string): void {
    this.file.db.transaction(() => {
      this.sql.close.run(outcome, event.seq);
      if (event.issueId !== null) {
        this.sql.supersede.run(event.issueId, event.seq);
      }
    })();
  }

  /** Sets an event aside for a person: it is never tried again. */
  setAsideEvent(seq: number, reason: string): void {
    this.sql.setAside.run(reason, seq);
  }

  /** The newest pending event for an issue, so the worker handles a burst once. */
  newestFor(issueId: string): QueuedEvent | undefined {
    const row = this.sql.newestFor.get(issueId);
    return row === undefined ? undefined : this.readEvent(row)[0];
  }

  /** The newest event stored so far (0 when none): a sync's read begins after it. */
  lastSeq(): number {
    const row = this.file.db.prepare(`SELECT MAX(seq) AS seq FROM events`).get() as {
      seq: number | null;
    };
    return row.seq ?? 0;
  }

  /**
   * Closes the pending events, up to `upToSeq`, of issues a sync has just read and settled: the
   * sync saw Linear after they arrived, so they have nothing left to say.
   */
  closeSynced(issueIds: readonly string[], upToSeq: number): number {
    const update = this.file.db.prepare(
      `UPDATE events SET status = 'done', outcome = 'synced'
       WHERE issue_id = ? AND status = 'pending' AND seq <= ?`,
    );
    return this.file.db.transaction(() =>
      issueIds.reduce((closed, id) => closed + update.run(id, upToSeq).changes, 0),
    )();
  }

  retryLater(event: QueuedEvent, at: number, why: string): void {
    this.sql.retryLater.run(at, why, event.seq);
  }

  counts(): EventCounts {
    return countEvents(this.file.db);
  }

  /** What was set aside, newest first, for a person to look at. */
  setAsideEvents(limit = 50): SetAsideEvent[] {
    return setAsideRows(this.file.db, limit);
  }

  /**
   * Deletes up to `limit` closed events received before `before` (epoch ms), oldest first, and
   * returns how many. Pending and set-aside rows are never pruned.
   */
  pruneDone(before: number, limit: number): number {
    return this.file.db
      .prepare(
        `DELETE FROM events WHERE seq IN (
           SELECT seq FROM events WHERE status = 'done' AND received_at < ?
           ORDER BY received_at LIMIT ?)`,
      )
      .run(isoTime(before), limit).changes;
  }

  private readEvent(row: unknown): QueuedEvent[] {
    const parsed = EventRow.safeParse(row);
    if (parsed.success) {
      return [parsed.data];
    }
    const seq = (row as { seq?: unknown }).seq;
    if (typeof seq === 'number') {
      this.setAsideEvent(seq, 'set aside: the stored row does not read as an event');
    }
    return [];
  }
}

function migrate(file: InboxFile): void {
  const { db } = file;
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      delivery TEXT NOT NULL UNIQUE,
      issue_id TEXT,
      received_at TEXT NOT NULL,
      payload TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      next_at INTEGER NOT NULL DEFAULT 0,
      outcome TEXT
    );
    CREATE INDEX IF NOT EXISTS events_pending ON events (status, next_at, seq);
    CREATE INDEX IF NOT EXISTS events_received ON events (status, received_at);
  `);
  // Inboxes made before replays were recognised by content gain the column; old rows keep NULL.
  const columns = db.prepare(`PRAGMA table_info(events)`).all() as { name: string }[];
  if (!columns.some((c) => c.name === 'fingerprint')) {
    db.exec(`ALTER TABLE events ADD COLUMN fingerprint TEXT`);
  }
  db.exec(`CREATE UNIQUE INDEX IF NOT EXISTS events_fingerprint ON events (fingerprint)`);
}
