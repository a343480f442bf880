import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * The inbox cannot take an event (its database file was deleted or replaced, or the disk is
 * full): the webhook answers 503 so Linear delivers again later, and `/healthz` says why.
 */
export class InboxUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InboxUnavailableError';
  }
}

/**
 * The one SQLite file of `keyrank serve` (KEYRANK_DB). The event queue, the re-rank marks and
 * the score store each keep their own table in it. WAL mode with full sync, so a crash after
 * Linear got its 200 loses nothing.
 */
export class InboxFile {
  readonly db: Database.Database;
  /** The file opened, to notice when it is deleted or replaced under the running server. */
  private readonly identity: { dev: number; ino: number };

  constructor(readonly path: string) {
    this.db = new Database(path);
    try {
      this.db.pragma('journal_mode = WAL');
      // FULL: the 200 promises the event survives even a power cut, not only a process crash.
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS health (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          checked_at INTEGER NOT NULL
        );
      `);
      const stat = statSync(path);
      this.identity = { dev: stat.dev, ino: stat.ino };
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /** Throws InboxUnavailableError when the file at the path is no longer the one opened. */
  assertIntact(): void {
    let stat;
    try {
      stat = statSync(this.path);
    } catch {
      throw new InboxUnavailableError(
        'the inbox database file is gone (KEYRANK_DB); restart keyrank serve',
      );
    }
    if (stat.ino !== this.identity.ino || stat.dev !== this.identity.dev) {
      throw new InboxUnavailableError(
        'the inbox database file was replaced (KEYRANK_DB); restart keyrank serve',
      );
    }
  }

  /** One real, fsync'd write: null when it reached the disk, else what went wrong. */
  writeProbe(at: number): string | null {
    try {
      this.db
        .prepare(
          `INSERT INTO health (id, checked_at) VALUES (1, ?)
           ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`,
        )
        .run(at);
      return null;
    } catch (error) {
      return `the inbox database cannot be written: ${(error as Error).message}`;
    }
  }

  close(): void {
    this.db.close();
  }
}
