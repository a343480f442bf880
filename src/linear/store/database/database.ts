import type { TeamLock } from '../../queue/team-lock';

/**
 * The database `keyrank serve` keeps its state in (KEYRANK_DB): an SQLite file by default, or
 * PostgreSQL (`postgres://…`) when replicas share it. Stores write their SQL once, with `?`
 * placeholders, in the subset both speak; the few differences are asked of `dialect`.
 */

export type Dialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

/** Runs statements: the database itself, or one transaction of it. */
export interface Sql {
  all(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  get(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  /** Runs a statement; answers how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs a script of statements without parameters (schema steps). */
  exec(script: string): Promise<void>;
}

export interface Database extends Sql {
  readonly dialect: Dialect;
  /** What KEYRANK_DB names, without a password: for messages. */
  readonly target: string;
  /**
   * This process's claim on inbox rows. A claim stays good while its owner is live: the SQLite
   * file's one process, or, on PostgreSQL, the connection holding the owner's advisory lock (so
   * a replica killed mid-event frees its claims the moment its connection drops).
   */
  readonly owner: number;
  /** A subquery of the owners that are live now, with its parameters. */
  liveOwners(): { sql: string; params: SqlValue[] };
  /** All or nothing. On SQLite other statements wait for it; keep it to database work. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /** One re-rank or sync of a team at a time: in this process, and across replicas. */
  readonly teamLock: TeamLock;
  /** Throws StoreUnavailableError when the database is no longer the one opened. */
  assertIntact(): void;
  /** One real, durable write: null when it landed, else what went wrong. */
  writeProbe(at: number): Promise<string | null>;
  close(): Promise<void>;
}

/**
 * The database cannot take an event (the SQLite file was deleted or replaced, the disk is
 * full, PostgreSQL is unreachable): the webhook answers 503 so Linear delivers again later.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** A schema step: a script, or a function for a step that must look before it changes. */
export type MigrationStep = string | ((sql: Sql) => Promise<void>);

/**
 * A store's schema, step by step, per dialect: append a step, never edit one. Each database
 * keeps, per store, how many steps it has run (`store_versions`).
 */
export interface Migrations {
  sqlite: readonly MigrationStep[];
  postgres: readonly MigrationStep[];
}

/** Whether KEYRANK_DB names PostgreSQL rather than an SQLite file. */
export function isPostgresTarget(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** KEYRANK_DB as it may be shown: a PostgreSQL URL loses its password. */
export function describeTarget(target: string): string {
  if (!isPostgresTarget(target)) {
    return target;
  }
  try {
    const url = new URL(target);
    if (url.password !== '') {
      url.password = '***';
    }
    return url.toString();
  } catch {
    return 'postgres://… (not a valid URL)';
  }
}
