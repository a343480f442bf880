import pg from 'pg';
import { teamLock, type TeamLock } from '../../queue/team-lock';
import {
  describeTarget,
  StoreUnavailableError,
  type Database,
  type Row,
  type Sql,
  type SqlValue,
} from './database';
import { writeHealthRow } from './health-row';

/** Advisory-lock namespaces (the first key of the two-key form): owners and teams. */
const OWNER_LOCKS = 0x4b52_0002;
const TEAM_LOCKS = 0x4b52_0003;

/** BIGINT (epoch ms, sequence numbers, counts) and NUMERIC read as numbers: all fit in 2^53. */
const NUMERIC_OIDS: readonly number[] = [20, 1700];
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    NUMERIC_OIDS.includes(oid)
      ? (text: string) => Number(text)
      : (pg.types.getTypeParser(
          oid,
          format ?? 'text',
        ) as unknown)) as typeof pg.types.getTypeParser,
};

/**
 * KEYRANK_DB as PostgreSQL, shared by any number of `keyrank serve` replicas. Each replica
 * holds one connection with its owner lock for as long as it runs: its claims on inbox rows
 * are good while that lock is held, so a killed replica's events are taken over at once.
 */
export class PostgresDatabase implements Database {
  readonly dialect = 'postgres';
  readonly target: string;
  readonly teamLock: TeamLock;
  private readonly numberedTexts = new Map<string, string>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly ownerConnection: pg.PoolClient,
    readonly owner: number,
    url: string,
  ) {
    this.target = describeTarget(url);
    const inProcess = teamLock();
    // In this process first (no connection is held while waiting), then across replicas.
    this.teamLock = {
      run: (teamId, task) => inProcess.run(teamId, () => this.acrossReplicas(teamId, task)),
    };
  }

  /** Connects and takes an owner lock; throws StoreUnavailableError saying what failed. */
  static async connect(url: string): Promise<PostgresDatabase> {
    const pool = new pg.Pool({
      connectionString: url,
      types,
      connectionTimeoutMillis: 10_000,
      // A statement stuck behind a lock must not hold a webhook past Linear's timeout.
      statement_timeout: 30_000,
    });
    // An idle connection that drops (PostgreSQL restarted) is replaced, not fatal.
    pool.on('error', () => undefined);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      await pool.end();
      throw new StoreUnavailableError(
        `cannot connect to ${describeTarget(url)} (KEYRANK_DB): ${(error as Error).message}`,
      );
    }
    client.on('error', () => undefined);
    for (;;) {
      const owner = 1 + Math.floor(Math.random() * 0x7fff_fffe);
      const { rows } = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock($1, $2) AS locked`,
        [OWNER_LOCKS, owner],
      );
      if (rows[0]?.locked === true) {
        return new PostgresDatabase(pool, client, owner, url);
      }
    }
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return this.query(this.pool, sql, params);
  }

  async get(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined> {
    return (await this.query(this.pool, sql, params))[0];
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return (await this.execute(this.pool, sql, params)).rowCount ?? 0;
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  liveOwners(): { sql: string; params: SqlValue[] } {
    return {
      sql: `SELECT objid::bigint FROM pg_locks
            WHERE locktype = 'advisory' AND classid = ${OWNER_LOCKS} AND objsubid = 2 AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      params: [],
    };
  }

  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        all: (sql, params) => this.query(client, sql, params),
        get: async (sql, params) => (await this.query(client, sql, params))[0],
        run: async (sql, params) => (await this.execute(client, sql, params)).rowCount ?? 0,
        exec: async (script) => {
          await client.query(script);
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  assertIntact(): void {
    // Nothing to look at without a round trip: writeProbe is the check.
  }

  writeProbe(at: number): Promise<string | null> {
    return writeHealthRow(this, at);
  }

  async close(): Promise<void> {
    // Destroyed, not pooled: the owner lock ends with its connection.
    this.ownerConnection.release(true);
    await this.pool.end();
  }

  /** Holds the team's advisory lock on one connection for the task; a crash drops it. */
  private async acrossReplicas<T>(teamId: string, task: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      // Another replica's re-rank of a large team may take longer than any statement should.
      await client.query(`SET statement_timeout = 0`);
      await client.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [TEAM_LOCKS, teamId]);
      try {
        return await task();
      } finally {
        await client.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [TEAM_LOCKS, teamId]);
        await client.query(`RESET statement_timeout`);
      }
    } finally {
      client.release();
    }
  }

  private async query(
    on: pg.Pool | pg.PoolClient,
    sql: string,
    params?: readonly SqlValue[],
  ): Promise<Row[]> {
    return (await this.execute(on, sql, params)).rows as Row[];
  }

  private async execute(
    on: pg.Pool | pg.PoolClient,
    sql: string,
    params: readonly SqlValue[] = [],
  ): Promise<pg.QueryResult> {
    try {
      return await on.query(this.numbered(sql), [...params]);
    } catch (error) {
      if (isConnectionError(error)) {
        throw new StoreUnavailableError(
          `PostgreSQL (KEYRANK_DB) cannot be reached: ${(error as Error).message}`,
        );
      }
      throw error;
    }
  }

  /** `?` placeholders as PostgreSQL's `$1, $2…` (Keyrank's SQL has no `?` inside literals). */
  private numbered(sql: string): string {
    let text = this.numberedTexts.get(sql);
    if (text === undefined) {
      let n = 0;
      text = sql.replace(/\?/g, () => `$${++n}`);
      this.numberedTexts.set(sql, text);
    }
    return text;
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    (code.startsWith('08') || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'].includes(code))
  );
}
