import { z } from 'zod';
import { isoTime, type Clock } from '../clock';
import type { Database, Migrations, Sql } from './database/database';
import { migrate } from './database/migrate';
import { countEvents, setAsideRows, type EventCounts, type SetAsideEvent } from './inbox-report';

/**
 * The durable queue of webhook events: an accepted webhook is written here before Linear gets
 * its 200, and leaves only when a worker has closed it. The delivery id and the event's
 * fingerprint are unique, so a redelivery or a replay under a new delivery id is a no-op.
 *
 * Statuses: `pending` (to do), `done` (closed, `outcome` says how) and `set_aside`: a row
 * Keyrank cannot read, kept for a person (counted in /healthz), never retried.
 *
 * Replicas share it: a worker claims the rows it works on (`claimed_by`, its database owner),
 * and never takes an issue another live owner has claimed, so one issue's events are applied
 * by one replica at a time, in order.
 */

export interface QueuedEvent {
  seq: number;
  delivery: string;
  issueId: string | null;
  payload: string;
  attempts: number;
  /** Linear's `updatedAt` of the change the payload describes; null when it did not say. */
  updatedAt: string | null;
}

/** An `events` row as the database returns it, read into the worker's shape. */
const EventRow = z
  .object({
    seq: z.number(),
    delivery: z.string(),
    issue_id: z.string().nullable(),
    payload: z.string(),
    attempts: z.number(),
    updated_at: z.string().nullable(),
  })
  .transform((r): QueuedEvent => ({
    seq: r.seq,
    delivery: r.delivery,
    issueId: r.issue_id,
    payload: r.payload,
    attempts: r.attempts,
    updatedAt: r.updated_at,
  }));

const EVENT_COLUMNS = 'seq, delivery, issue_id, payload, attempts, updated_at';
/**
 * An issue's events newest first by the change they describe: two edits a few milliseconds
 * apart may be delivered, and stored, in the other order.
 */
const NEWEST_CHANGE_FIRST = `COALESCE(updated_at, '') DESC, seq DESC`;

/** Inboxes made before replays were recognised by content gain the column; old rows keep NULL. */
async function addFingerprint(sql: Sql): Promise<void> {
  const columns = await sql.all(`PRAGMA table_info(events)`);
  if (!columns.some((c) => c.name === 'fingerprint')) {
    await sql.exec(`ALTER TABLE events ADD COLUMN fingerprint TEXT`);
  }
  await sql.exec(`CREATE UNIQUE INDEX IF NOT EXISTS events_fingerprint ON events (fingerprint)`);
}

const MIGRATIONS: Migrations = {
  sqlite: [
    `CREATE TABLE IF NOT EXISTS events (
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
     CREATE INDEX IF NOT EXISTS events_received ON events (status, received_at);`,
    addFingerprint,
    `ALTER TABLE events ADD COLUMN claimed_by INTEGER;
     CREATE INDEX IF NOT EXISTS events_issue ON events (issue_id, status);`,
    `ALTER TABLE events ADD COLUMN updated_at TEXT;`,
  ],
  postgres: [
    `CREATE TABLE events (
       seq BIGSERIAL PRIMARY KEY,
       delivery TEXT NOT NULL UNIQUE,
       fingerprint TEXT UNIQUE,
       issue_id TEXT,
       received_at TEXT NOT NULL,
       payload TEXT NOT NULL,
       status TEXT NOT NULL DEFAULT 'pending',
       attempts INTEGER NOT NULL DEFAULT 0,
       next_at BIGINT NOT NULL DEFAULT 0,
       outcome TEXT,
       claimed_by BIGINT,
       updated_at TEXT
     );
     CREATE INDEX events_pending ON events (status, next_at, seq);
     CREATE INDEX events_received ON events (status, received_at);
     CREATE INDEX events_issue ON events (issue_id, status);`,
  ],
};

export class EventQueue {
  private constructor(
    private readonly db: Database,
    private readonly now: Clock,
  ) {}

  static async open(db: Database, now: Clock): Promise<EventQueue> {
    await migrate(db, 'events', MIGRATIONS);
    return new EventQueue(db, now);
  }

  /**
   * Stores an event; false when its delivery id or its fingerprint was seen before (a
   * redelivery or a replay: harmless). Throws StoreUnavailableError when the database is gone.
   */
  accept(
    delivery: string,
    fingerprint: string,
    issueId: string | null,
    payload: string,
    updatedAt: string | null = null,
  ): Promise<boolean> {
    return this.store(delivery, fingerprint, issueId, payload, 'pending', null, updatedAt);
  }

  /** Keeps a signed body Keyrank cannot read for a person to look at; never processed. */
  setAside(
    delivery: string,
    fingerprint: string,
    payload: string,
    reason: string,
  ): Promise<boolean> {
    return this.store(delivery, fingerprint, null, payload, 'set_aside', reason, null);
  }

  private async store(
    delivery: string,
    fingerprint: string,
    issueId: string | null,
    payload: string,
    status: 'pending' | 'set_aside',
    outcome: string | null,
    updatedAt: string | null,
  ): Promise<boolean> {
    this.db.assertIntact();
    const changed = await this.db.run(
      `INSERT INTO events (delivery, fingerprint, issue_id, received_at, payload, status, outcome, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [delivery, fingerprint, issueId, isoTime(this.now()), payload, status, outcome, updatedAt],
    );
    return changed === 1;
  }

  /**
   * Pending events whose time has come, oldest first, whoever claimed them (a look, not a
   * claim). A row that does not read as an event is set aside here, so one bad row can never
   * stall the rows behind it.
   */
  async due(now: number, limit: number): Promise<QueuedEvent[]> {
    const rows = await this.db.all(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE status = 'pending' AND next_at <= ? ORDER BY seq LIMIT ?`,
      [now, limit],
    );
    return this.readEvents(rows);
  }

  /**
   * Claims up to `limit` due events for this owner, oldest first: rows no live owner holds, of
   * issues no other live owner is working on. Claimers take turns (an advisory lock on
   * PostgreSQL, the one connection on SQLite), so two replicas never split one issue's events;
   * `FOR UPDATE SKIP LOCKED` keeps a claim from waiting on rows another statement holds.
   */
  async claim(now: number, limit: number): Promise<QueuedEvent[]> {
    const postgres = this.db.dialect === 'postgres';
    const me = this.db.owner;
    const rows = await this.db.transaction(async (tx) => {
      const live = this.db.liveOwners();
      if (postgres) {
        await tx.run(`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`);
      }
      return tx.all(
        `UPDATE events SET claimed_by = ? WHERE seq IN (
           SELECT e.seq FROM events e
           WHERE e.status = 'pending' AND e.next_at <= ?
             AND (e.claimed_by IS NULL OR e.claimed_by = ? OR e.claimed_by NOT IN (${live.sql}))
             AND (e.issue_id IS NULL OR NOT EXISTS (
               SELECT 1 FROM events o
               WHERE o.issue_id = e.issue_id AND o.status = 'pending'
                 AND o.claimed_by IS NOT NULL AND o.claimed_by <> ?
                 AND o.claimed_by IN (${live.sql})))
           ORDER BY e.seq LIMIT ?${postgres ? ' FOR UPDATE SKIP LOCKED' : ''})
         RETURNING ${EVENT_COLUMNS}`,
        [me, now, me, ...live.params, me, ...live.params, limit],
      );
    });
    return (await this.readEvents(rows)).sort((a, b) => a.seq - b.seq);
  }

  /** Gives back this owner's claims on events still pending (retried later, or not reached). */
  async release(): Promise<void> {
    await this.db.run(
      `UPDATE events SET claimed_by = NULL WHERE claimed_by = ? AND status = 'pending'`,
      [this.db.owner],
    );
  }

  /** The earliest time a pending event becomes due, or null when none is pending. */
  async nextDue(): Promise<number | null> {
    const row = await this.db.get(`SELECT MIN(next_at) AS at FROM events WHERE status = 'pending'`);
    return typeof row?.at === 'number' ? row.at : null;
  }

  /**
   * Closes an event, and every pending event of the same issue that says nothing newer: stored
   * before it, or describing a change no later than its own. Those were applied with it, against
   * what Linear holds now. An event stored since with a later change stays, to be applied.
   */
  async close(event: QueuedEvent, outcome: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(`UPDATE events SET status = 'done', outcome = ? WHERE seq = ?`, [
        outcome,
        event.seq,
      ]);
      if (event.issueId !== null) {
        // An event that does not say when it changed supersedes only what was stored before it.
        const notNewer = event.updatedAt === null ? '' : ` OR COALESCE(updated_at, '') <= ?`;
        await tx.run(
          `UPDATE events SET status = 'done', outcome = 'superseded'
           WHERE issue_id = ? AND status = 'pending' AND (seq < ?${notNewer})`,
          [event.issueId, event.seq, ...(event.updatedAt === null ? [] : [event.updatedAt])],
        );
      }
    });
  }

  /** Sets an event aside for a person: it is never tried again. */
  async setAsideEvent(seq: number, reason: string): Promise<void> {
    await this.db.run(`UPDATE events SET status = 'set_aside', outcome = ? WHERE seq = ?`, [
      reason,
      seq,
    ]);
  }

  /**
   * The pending event of an issue describing its latest change (the last stored, among events
   * that do not say when), so the worker handles a burst once, with what the issue is now.
   */
  async newestFor(issueId: string): Promise<QueuedEvent | undefined> {
    const row = await this.db.get(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE status = 'pending' AND issue_id = ? ORDER BY ${NEWEST_CHANGE_FIRST} LIMIT 1`,
      [issueId],
    );
    return row === undefined ? undefined : (await this.readEvents([row]))[0];
  }

  /** The newest event stored so far (0 when none): a sync's read begins after it. */
  async lastSeq(): Promise<number> {
    const row = await this.db.get(`SELECT MAX(seq) AS seq FROM events`);
    return typeof row?.seq === 'number' ? row.seq : 0;
  }

  /**
   * Closes the pending events, up to `upToSeq`, of issues a sync has just read and settled: the
   * sync saw Linear after they arrived, so they have nothing left to say.
   */
  async closeSynced(issueIds: readonly string[], upToSeq: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      let closed = 0;
      for (const id of issueIds) {
        closed += await tx.run(
          `UPDATE events SET status = 'done', outcome = 'synced'
           WHERE issue_id = ? AND status = 'pending' AND seq <= ?`,
          [id, upToSeq],
        );
      }
      return closed;
    });
  }

  async retryLater(event: QueuedEvent, at: number, why: string): Promise<void> {
    await this.db.run(
      `UPDATE events SET attempts = attempts + 1, next_at = ?, outcome = ? WHERE seq = ?`,
      [at, why, event.seq],
    );
  }

  counts(): Promise<EventCounts> {
    return countEvents(this.db);
  }

  /** What was set aside, newest first, for a person to look at. */
  setAsideEvents(limit = 50): Promise<SetAsideEvent[]> {
    return setAsideRows(this.db, limit);
  }

  /**
   * Deletes up to `limit` closed events received before `before` (epoch ms), oldest first, and
   * returns how many. Pending and set-aside rows are never pruned.
   */
  pruneDone(before: number, limit: number): Promise<number> {
    return this.db.run(
      `DELETE FROM events WHERE seq IN (
         SELECT seq FROM events WHERE status = 'done' AND received_at < ?
         ORDER BY received_at LIMIT ?)`,
      [isoTime(before), limit],
    );
  }

  private async readEvents(rows: readonly unknown[]): Promise<QueuedEvent[]> {
    const events: QueuedEvent[] = [];
    for (const row of rows) {
      const parsed = EventRow.safeParse(row);
      if (parsed.success) {
        events.push(parsed.data);
        continue;
      }
      const seq = (row as { seq?: unknown }).seq;
      if (typeof seq === 'number') {
        await this.setAsideEvent(seq, 'set aside: the stored row does not read as an event');
      }
    }
    return events;
  }
}

/** The advisory lock claimers take turns under on PostgreSQL. */
const CLAIM_LOCK = 0x4b52_0004;
