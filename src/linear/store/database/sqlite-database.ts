import { statSync } from 'node:fs';
import BetterSqlite from 'better-sqlite3';
import { resolve } from 'node:path';
import { teamLock, type TeamLock } from '../../queue/team-lock';
import {
  StoreUnavailableError,
  type Database,
  type Row,
  type Sql,
  type SqlValue,
} from './database';
import { writeHealthRow } from './health-row';

/** Owners open in this process: an SQLite file is served by one process, so no other is live. */
const liveOwners = new Set<number>();
let lastOwner = 0;
/**
 * Per file, however many times this process opens it: one team lock, and one gate, so that
 * while a transaction is open every other statement on the file waits for it (asynchronously:
 * SQLite's own busy wait would block the event loop the transaction needs to finish).
 */
interface FileShared {
  teamLock: TeamLock;
  open: Promise<void> | undefined;
}
const files = new Map<string, FileShared>();

/**
 * KEYRANK_DB as one SQLite file. WAL mode with full sync, so a crash after Linear got its 200
 * loses nothing. better-sqlite3 is synchronous: statements run at once, and while a
 * transaction is open every other statement waits for it, so none lands inside it by mistake.
 */
export class SqliteDatabase implements Database {
  readonly dialect = 'sqlite';
  readonly owner = ++lastOwner;
  readonly teamLock: TeamLock;
  private readonly db: BetterSqlite.Database;
  /** The file opened, to notice when it is deleted or replaced under the running server. */
  private readonly identity: { dev: number; ino: number };
  private readonly statements = new Map<string, BetterSqlite.Statement>();
  private readonly shared: FileShared;
  private readonly direct: Sql;

  /** `readonly`: an existing file, looked at beside a running server (`keyrank linear inbox`). */
  constructor(
    readonly target: string,
    options: { readonly?: boolean } = {},
  ) {
    this.db = options.readonly
      ? new BetterSqlite(target, { readonly: true, fileMustExist: true })
      : new BetterSqlite(target);
    try {
      if (!options.readonly) {
        this.prepareFile();
      }
      const stat = statSync(target);
      this.identity = { dev: stat.dev, ino: stat.ino };
    } catch (error) {
      this.db.close();
      throw error;
    }
    liveOwners.add(this.owner);
    const file = resolve(target);
    this.shared = files.get(file) ?? { teamLock: teamLock(), open: undefined };
    files.set(file, this.shared);
    this.teamLock = this.shared.teamLock;
    this.direct = {
      // Promises of work already done: better-sqlite3 runs each statement before returning.
      all: (sql, params = []) => settled(() => this.prepare(sql).all(...params) as Row[]),
      get: (sql, params = []) => settled(() => this.prepare(sql).get(...params) as Row | undefined),
      run: (sql, params = []) => settled(() => this.prepare(sql).run(...params).changes),
      exec: (script) => settled(() => void this.db.exec(script)),
    };
  }

  private prepareFile(): void {
    this.db.pragma('journal_mode = WAL');
    // FULL: the 200 promises the event survives even a power cut, not only a process crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return this.outside(() => this.direct.all(sql, params));
  }

  get(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined> {
    return this.outside(() => this.direct.get(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.outside(() => this.direct.run(sql, params));
  }

  exec(script: string): Promise<void> {
    return this.outside(() => this.direct.exec(script));
  }

  liveOwners(): { sql: string; params: SqlValue[] } {
    return { sql: `SELECT value FROM json_each(?)`, params: [JSON.stringify([...liveOwners])] };
  }

  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    while (this.shared.open !== undefined) {
      await this.shared.open;
    }
    let finished = (): void => undefined;
    this.shared.open = new Promise((resolve) => {
      finished = resolve;
    });
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.shared.open = undefined;
      finished();
    }
  }

  assertIntact(): void {
    let stat;
    try {
      stat = statSync(this.target);
    } catch {
      throw new StoreUnavailableError(
        'the inbox database file is gone (KEYRANK_DB); restart keyrank serve',
      );
    }
    if (stat.ino !== this.identity.ino || stat.dev !== this.identity.dev) {
      throw new StoreUnavailableError(
        'the inbox database file was replaced (KEYRANK_DB); restart keyrank serve',
      );
    }
  }

  writeProbe(at: number): Promise<string | null> {
    return writeHealthRow(this, at);
  }

  close(): Promise<void> {
    liveOwners.delete(this.owner);
    return settled(() => void this.db.close());
  }

  private async outside<T>(op: () => Promise<T>): Promise<T> {
    while (this.shared.open !== undefined) {
      await this.shared.open;
    }
    return op();
  }

  /** Prepared once per text: the worker runs the same few statements for every event. */
  private prepare(sql: string): BetterSqlite.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** A synchronous call as a promise: its value, or its error as a rejection. */
function settled<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
