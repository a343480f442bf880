import { isPostgresTarget, StoreUnavailableError, type Database } from './database';
import { HEALTH_MIGRATIONS } from './health-row';
import { migrate } from './migrate';
import { PostgresDatabase } from './postgres-database';
import { SqliteDatabase } from './sqlite-database';

/**
 * Opens KEYRANK_DB: `postgres://…` (or `postgresql://…`) is PostgreSQL, anything else a path to
 * an SQLite file. Throws StoreUnavailableError saying what KEYRANK_DB named and what failed.
 * `readonly`: look without creating or changing anything (`keyrank linear inbox`).
 */
export async function openDatabase(
  target: string,
  options: { readonly?: boolean } = {},
): Promise<Database> {
  let db: Database;
  if (isPostgresTarget(target)) {
    db = await PostgresDatabase.connect(target);
  } else {
    try {
      db = new SqliteDatabase(target, options);
    } catch (error) {
      throw new StoreUnavailableError(
        `cannot open ${target} (KEYRANK_DB): ${(error as Error).message}`,
      );
    }
  }
  if (!options.readonly) {
    try {
      // Under the migration lock: replicas starting together must not create it twice.
      await migrate(db, 'health', HEALTH_MIGRATIONS);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}
