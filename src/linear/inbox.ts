import Database from 'better-sqlite3';
import { z } from 'zod';

/**
 * The durable inbox: an accepted webhook is written here before Linear gets its 200, and
 * leaves only when the worker has closed it. SQLite in WAL mode with full sync, so a crash
 * after the 200 loses nothing; the delivery id is unique, so a redelivery is a no-op.
 */

export interface InboxEvent {
  seq: number;
  delivery: string;
  issueId: string | null;
  payload: string;
  attempts: number;
}

export interface StoredScore {
  identifier: string;
  title: string;
  score: number | null;
  icebox: boolean;
  explanation: string;
  problems: string[];
  updatedAt: string;
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
  .transform((r): InboxEvent => ({
    seq: r.seq,
    delivery: r.delivery,
    issueId: r.issue_id,
    payload: r.payload,
    attempts: r.attempts,
  }));

const ScoreRow = z.object({
  identifier: z.string(),
  title: z.string(),
  score: z.number().nullable(),
  icebox: z.number(),
  explanation: z.string(),
  problems: z.string(),
  updated_at: z.string(),
});

export class Inbox {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // FULL: the 200 promises the event survives even a power cut, not only a process crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
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
      CREATE TABLE IF NOT EXISTS rerank_teams (
        team_id TEXT PRIMARY KEY,
        marked_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS scores (
        identifier TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        score REAL,
        icebox INTEGER NOT NULL,
        explanation TEXT NOT NULL,
        problems TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
    this.insert = this.db.prepare(
      `INSERT OR IGNORE INTO events (delivery, issue_id, received_at, payload) VALUES (?, ?, ?, ?)`,
    );
  }

  /** Stores an event; false when this delivery was seen before (a duplicate, harmless). */
  accept(delivery: string, issueId: string | null, payload: string): boolean {
    return this.insert.run(delivery, issueId, new Date().toISOString(), payload).changes === 1;
  }

  /** Pending events whose time has come, oldest first. */
  due(now: number, limit: number): InboxEvent[] {
    return this.db
      .prepare(
        `SELECT seq, delivery, issue_id, payload, attempts FROM events
         WHERE status = 'pending' AND next_at <= ? ORDER BY seq LIMIT ?`,
      )
      .all(now, limit)
      .map((row) => EventRow.parse(row));
  }

  /** The earliest time a pending event becomes due, or null when none is pending. */
  nextDue(): number | null {
    const row = this.db
      .prepare(`SELECT MIN(next_at) AS at FROM events WHERE status = 'pending'`)
      .get() as { at: number | null } | undefined;
    return row?.at ?? null;
  }

  /**
   * Closes an event, and every older pending event for the same issue: the newest payload
   * already says everything the older ones did.
   */
  close(event: InboxEvent, outcome: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(`UPDATE events SET status = 'done', outcome = ? WHERE seq = ?`)
        .run(outcome, event.seq);
      if (event.issueId !== null) {
        this.db
          .prepare(
            `UPDATE events SET status = 'done', outcome = 'superseded'
             WHERE issue_id = ? AND status = 'pending' AND seq < ?`,
          )
          .run(event.issueId, event.seq);
      }
    })();
  }

  /** The newest pending event for an issue, so the worker handles a burst once. */
  newestFor(issueId: string): InboxEvent | undefined {
    const row = this.db
      .prepare(
        `SELECT seq, delivery, issue_id, payload, attempts FROM events
         WHERE status = 'pending' AND issue_id = ? ORDER BY seq DESC LIMIT 1`,
      )
      .get(issueId);
    if (row === undefined) {
      return undefined;
    }
    return EventRow.parse(row);
  }

  retryLater(event: InboxEvent, at: number, why: string): void {
    this.db
      .prepare(`UPDATE events SET attempts = attempts + 1, next_at = ?, outcome = ? WHERE seq = ?`)
      .run(at, why, event.seq);
  }

  counts(): { pending: number; done: number } {
    const row = this.db
      .prepare(
        `SELECT SUM(status = 'pending') AS pending, SUM(status = 'done') AS done FROM events`,
      )
      .get() as { pending: number | null; done: number | null };
    return { pending: row.pending ?? 0, done: row.done ?? 0 };
  }

  /** A team whose order may be stale: kept here so a re-rank survives a restart. */
  markTeam(teamId: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO rerank_teams (team_id, marked_at) VALUES (?, ?)
         ON CONFLICT (team_id) DO UPDATE SET marked_at = excluded.marked_at`,
      )
      .run(teamId, at);
  }

  /** Clears a team re-ranked from a read that began at `readAt`, unless marked again since. */
  unmarkTeam(teamId: string, readAt: number): void {
    this.db
      .prepare(`DELETE FROM rerank_teams WHERE team_id = ? AND marked_at <= ?`)
      .run(teamId, readAt);
  }

  markedTeams(): string[] {
    return z
      .array(z.object({ team_id: z.string() }))
      .parse(this.db.prepare(`SELECT team_id FROM rerank_teams`).all())
      .map((row) => row.team_id);
  }

  saveScore(score: StoredScore): void {
    this.db
      .prepare(
        `INSERT INTO scores (identifier, title, score, icebox, explanation, problems, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (identifier) DO UPDATE SET title = excluded.title, score = excluded.score,
           icebox = excluded.icebox, explanation = excluded.explanation,
           problems = excluded.problems, updated_at = excluded.updated_at`,
      )
      .run(
        score.identifier,
        score.title,
        score.score,
        score.icebox ? 1 : 0,
        score.explanation,
        JSON.stringify(score.problems),
        score.updatedAt,
      );
  }

  score(identifier: string): StoredScore | undefined {
    const row = this.db.prepare(`SELECT * FROM scores WHERE identifier = ?`).get(identifier);
    if (row === undefined) {
      return undefined;
    }
    const r = ScoreRow.parse(row);
    return {
      identifier: r.identifier,
      title: r.title,
      score: r.score,
      icebox: r.icebox === 1,
      explanation: r.explanation,
      problems: z.array(z.string()).parse(JSON.parse(r.problems)),
      updatedAt: r.updated_at,
    };
  }

  shutdown(): void {
    this.db.close();
  }
}
