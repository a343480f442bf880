import { isPostgresTarget, StoreUnavailableError, type Database } from './database';
import { PostgresDatabase } from './postgres-database';
import { SqliteDatabase } from './sqlite-database';

/**
 * Opens KEYRANK_DB: `postgres://…` (or `postgresql://…`) is PostgreSQL, anything else a path to
 * an SQLite file. Throws StoreUnavailableError saying what KEYRANK_DB named and what failed.
 */
export async function openDatabase(
  target: string,
  options: { readonly?: boolean } = {},
): Promise<Database> {
  if (isPostgresTarget(target)) {
    const db = await PostgresDatabase.connect(target);
    if (!options.readonly) {
      await db.prepareHealth();
    }
    return db;
  }
  try {
    return new SqliteDatabase(target, options);
  } catch (error) {
    throw new StoreUnavailableError(
      `cannot open ${target} (KEYRANK_DB): ${(error as Error).message}`,
    );
  }
}
