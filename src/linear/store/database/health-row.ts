import type { Migrations, Sql } from './database';

/** The one row `/healthz` writes to prove the database takes writes. */
export const HEALTH_MIGRATIONS: Migrations = {
  sqlite: [
    `CREATE TABLE IF NOT EXISTS health (
       id INTEGER PRIMARY KEY CHECK (id = 1),
       checked_at INTEGER NOT NULL
     );`,
  ],
  postgres: [
    `CREATE TABLE health (
       id INTEGER PRIMARY KEY CHECK (id = 1),
       checked_at BIGINT NOT NULL
     );`,
  ],
};

/** One real, durable write: null when it landed, else what went wrong. */
export async function writeHealthRow(sql: Sql, at: number): Promise<string | null> {
  try {
    await sql.run(
      `INSERT INTO health (id, checked_at) VALUES (1, ?)
       ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`,
      [at],
    );
    return null;
  } catch (error) {
    return `the inbox database cannot be written: ${(error as Error).message}`;
  }
}
