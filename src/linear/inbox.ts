import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { InboxUnavailableError } from './errors';

/**
 * The durable inbox: an accepted webhook is written here before Linear gets its 200, and
 * leaves only when the worker has closed it. SQLite in WAL mode with full sync, so a crash
 * after the 200 loses nothing; the delivery id and the event's fingerprint are unique, so a
 * redelivery or a replay under a new delivery id is a no-op.
 *
 * Statuses: `pending` (to do), `done` (closed, `outcome` says how) and `set_aside`: a row
 * Keyrank cannot read, kept for a person (counted in /healthz), never retried.
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

export interface InboxCounts {
  pending: number;
  done: number;
  setAside: number;
}

export type InboxHealth = ({ ok: true } | { ok: false; problem: string }) & InboxCounts;

export interface SetAsideEvent {
  seq: number;
  delivery: string;
  receivedAt: string;
  reason: string;
  /** The issue's identifier (ENG-42) when the payload names one; null when it cannot be read. */
  identifier: string | null;
}

/** A health probe's write is reused this long: a storm of probes is not a storm of fsyncs. */
export const HEALTH_PROBE_MS = 1_000;

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

/** A stored score; zod numbers are finite, so an `Infinity` left by an older version fails here. */
const ScoreRow = z
  .object({
    identifier: z.string(),
    title: z.string(),
    score: z.number().nullable(),
    icebox: z.number(),
    explanation: z.string(),
    problems: z.string().transform((text, ctx) => {
      try {
        return z.array(z.string()).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'problems is not a list of strings' });
        return z.NEVER;
      }
    }),
    updated_at: z.string(),
  })
  .transform((r): StoredScore => ({
    identifier: r.identifier,
    title: r.title,
    score: r.score,
    icebox: r.icebox === 1,
    explanation: r.explanation,
    problems: r.problems,
    updatedAt: r.updated_at,
  }));

const EVENT_COLUMNS = 'seq, delivery, issue_id, payload, attempts';

export class Inbox {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  /** The file opened, to notice when it is deleted or replaced under the running server. */
  private readonly file: { dev: number; ino: number };
  /** The last write probe of `health()`: when, and what went wrong (null: it worked). */
  private probe: { at: number; problem: string | null } | undefined;
  /** Write probes made by `health()` (tests watch it stay low under a storm of probes). */
  healthWrites = 0;

  constructor(
    private readonly path: string,
    private readonly now: () => number = Date.now,
  ) {
    this.db = new Database(path);
    try {
      this.db.pragma('journal_mode = WAL');
      // FULL: the 200 promises the event survives even a power cut, not only a process crash.
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
      this.migrate();
      const stat = statSync(path);
      this.file = { dev: stat.dev, ino: stat.ino };
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.insert = this.db.prepare(
      `INSERT OR IGNORE INTO events (delivery, fingerprint, issue_id, received_at, payload, status, outcome)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  private migrate(): void {
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
      CREATE INDEX IF NOT EXISTS events_received ON events (status, received_at);
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
      CREATE TABLE IF NOT EXISTS health (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        checked_at INTEGER NOT NULL
      );
    `);
    // Inboxes made before replays were recognised by content gain the column; old rows keep NULL.
    const columns = this.db.prepare(`PRAGMA table_info(events)`).all() as { name: string }[];
    if (!columns.some((c) => c.name === 'fingerprint')) {
      this.db.exec(`ALTER TABLE events ADD COLUMN fingerprint TEXT`);
    }
    this.db.exec(`CREATE UNIQUE INDEX IF NOT EXISTS events_fingerprint ON events (fingerprint)`);
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
    this.assertIntact();
    return (
      this.insert.run(
        delivery,
        fingerprint,
        issueId,
        new Date(this.now()).toISOString(),
        payload,
        status,
        outcome,
      ).changes === 1
    );
  }

  /**
   * Pending events whose time has come, oldest first. A row that does not read as an event is
   * set aside here, so one bad row can never stall the rows behind it.
   */
  due(now: number, limit: number): InboxEvent[] {
    const rows = this.db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM events
         WHERE status = 'pending' AND next_at <= ? ORDER BY seq LIMIT ?`,
      )
      .all(now, limit);
    return rows.flatMap((row) => this.readEvent(row));
  }

  /** The earliest time a pending event becomes due, or null when none is pending. */
  nextDue(): number | null {
    const row = this.db
      .prepare(`SELECT MIN(next_at) AS at FROM events WHERE status = 'pending'`)
      .get() as { at: number | null } | undefined;
    return row?.at ?? null;
  }

  /**
   * Closes an event, and every older pending event for the same issue: they were all applied
   * against what Linear holds now, which already includes whatever the older ones said.
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

  /** Sets an event aside for a person: it is never tried again. */
  setAsideEvent(seq: number, reason: string): void {
    this.db
      .prepare(`UPDATE events SET status = 'set_aside', outcome = ? WHERE seq = ?`)
      .run(reason, seq);
  }

  /** The newest pending event for an issue, so the worker handles a burst once. */
  newestFor(issueId: string): InboxEvent | undefined {
    const row = this.db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM events
         WHERE status = 'pending' AND issue_id = ? ORDER BY seq DESC LIMIT 1`,
      )
      .get(issueId);
    return row === undefined ? undefined : this.readEvent(row)[0];
  }

  /** The newest event stored so far (0 when none): a sync's read begins after it. */
  lastSeq(): number {
    const row = this.db.prepare(`SELECT MAX(seq) AS seq FROM events`).get() as {
      seq: number | null;
    };
    return row.seq ?? 0;
  }

  /**
   * Closes the pending events, up to `upToSeq`, of issues a sync has just read and settled: the
   * sync saw Linear after they arrived, so they have nothing left to say.
   */
  closeSynced(issueIds: readonly string[], upToSeq: number): number {
    const update = this.db.prepare(
      `UPDATE events SET status = 'done', outcome = 'synced'
       WHERE issue_id = ? AND status = 'pending' AND seq <= ?`,
    );
    return this.db.transaction(() =>
      issueIds.reduce((closed, id) => closed + update.run(id, upToSeq).changes, 0),
    )();
  }

  retryLater(event: InboxEvent, at: number, why: string): void {
    this.db
      .prepare(`UPDATE events SET attempts = attempts + 1, next_at = ?, outcome = ? WHERE seq = ?`)
      .run(at, why, event.seq);
  }

  counts(): InboxCounts {
    return countEvents(this.db);
  }

  /** What was set aside, newest first, for a person to look at. */
  setAsideEvents(limit = 50): SetAsideEvent[] {
    return setAsideRows(this.db, limit);
  }

  /**
   * Deletes up to `limit` closed events received before `before` (epoch ms), oldest first, and
   * returns how many. Pending and set-aside rows are never pruned.
   */
  pruneDone(before: number, limit: number): number {
    return this.db
      .prepare(
        `DELETE FROM events WHERE seq IN (
           SELECT seq FROM events WHERE status = 'done' AND received_at < ?
           ORDER BY received_at LIMIT ?)`,
      )
      .run(new Date(before).toISOString(), limit).changes;
  }

  /**
   * Whether an event could be stored right now: the file opened is still the one at the path
   * (checked on every call: a stat is cheap), and a real write reaches the disk (a full disk
   * fails here, not after Linear got its 200). The write is fsync'd, so its outcome is reused
   * for HEALTH_PROBE_MS.
   */
  health(): InboxHealth {
    let problem: string | null;
    try {
      this.assertIntact();
      problem = this.writeProbe();
    } catch (error) {
      problem = (error as Error).message;
    }
    let counts: InboxCounts = { pending: 0, done: 0, setAside: 0 };
    try {
      counts = this.counts();
    } catch (error) {
      problem ??= `the inbox database cannot be read: ${(error as Error).message}`;
    }
    return problem === null ? { ok: true, ...counts } : { ok: false, problem, ...counts };
  }

  private writeProbe(): string | null {
    const now = this.now();
    if (this.probe !== undefined && now >= this.probe.at && now - this.probe.at < HEALTH_PROBE_MS) {
      return this.probe.problem;
    }
    let problem: string | null = null;
    try {
      this.healthWrites++;
      this.db
        .prepare(
          `INSERT INTO health (id, checked_at) VALUES (1, ?)
           ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`,
        )
        .run(now);
    } catch (error) {
      problem = `the inbox database cannot be written: ${(error as Error).message}`;
    }
    this.probe = { at: now, problem };
    return problem;
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
        // Never store what cannot be read back: a non-finite score is no score.
        score.score !== null && Number.isFinite(score.score) ? score.score : null,
        score.icebox ? 1 : 0,
        score.explanation,
        JSON.stringify(score.problems),
        score.updatedAt,
      );
  }

  /**
   * The stored score of an issue; undefined when there is none or it no longer reads (such as
   * an `Infinity` an older version stored): the next event or sync recomputes it.
   */
  score(identifier: string): StoredScore | undefined {
    const row = this.db.prepare(`SELECT * FROM scores WHERE identifier = ?`).get(identifier);
    if (row === undefined) {
      return undefined;
    }
    const parsed = ScoreRow.safeParse(row);
    return parsed.success ? parsed.data : undefined;
  }

  shutdown(): void {
    this.db.close();
  }

  private readEvent(row: unknown): InboxEvent[] {
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

  private assertIntact(): void {
    let stat;
    try {
      stat = statSync(this.path);
    } catch {
      throw new InboxUnavailableError(
        'the inbox database file is gone (KEYRANK_DB); restart keyrank serve',
      );
    }
    if (stat.ino !== this.file.ino || stat.dev !== this.file.dev) {
      throw new InboxUnavailableError(
        'the inbox database file was replaced (KEYRANK_DB); restart keyrank serve',
      );
    }
  }
}

function countEvents(db: Database.Database): InboxCounts {
  const row = db
    .prepare(
      `SELECT SUM(status = 'pending') AS pending, SUM(status = 'done') AS done,
         SUM(status = 'set_aside') AS set_aside FROM events`,
    )
    .get() as { pending: number | null; done: number | null; set_aside: number | null };
  return { pending: row.pending ?? 0, done: row.done ?? 0, setAside: row.set_aside ?? 0 };
}

/** Only the identifier is wanted from a set-aside payload, which may not be JSON at all. */
const NamedIssue = z.object({ data: z.object({ identifier: z.string() }) });

function setAsideRows(db: Database.Database, limit: number): SetAsideEvent[] {
  return z
    .array(
      z.object({
        seq: z.number(),
        delivery: z.string(),
        received_at: z.string(),
        outcome: z.string().nullable(),
        payload: z.unknown(),
      }),
    )
    .parse(
      db
        .prepare(
          `SELECT seq, delivery, received_at, outcome, payload FROM events
           WHERE status = 'set_aside' ORDER BY seq DESC LIMIT ?`,
        )
        .all(limit),
    )
    .map((r) => ({
      seq: r.seq,
      delivery: r.delivery,
      receivedAt: r.received_at,
      reason: r.outcome ?? '',
      identifier: identifierIn(r.payload),
    }));
}

function identifierIn(payload: unknown): string | null {
  if (typeof payload !== 'string') {
    return null;
  }
  try {
    const parsed = NamedIssue.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data.data.identifier : null;
  } catch {
    return null;
  }
}

export interface InboxReport {
  counts: InboxCounts;
  setAside: SetAsideEvent[];
}

/**
 * What `keyrank linear inbox` shows, read without changing anything: the file is opened
 * read-only and must exist (a mistyped KEYRANK_DB must not create an empty inbox), so it can
 * be run beside a running `keyrank serve`. Throws InboxUnavailableError with what is wrong.
 */
export function readInboxReport(path: string, limit: number): InboxReport {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new InboxUnavailableError(
      `cannot open ${path} (KEYRANK_DB): ${(error as Error).message}`,
    );
  }
  try {
    return { counts: countEvents(db), setAside: setAsideRows(db, limit) };
  } catch (error) {
    throw new InboxUnavailableError(
      `${path} (KEYRANK_DB) is not a Keyrank inbox: ${(error as Error).message}`,
    );
  } finally {
    db.close();
  }
}
