import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../../src/linear/store/database/database';
import { openDatabase } from '../../../src/linear/store/database/open-database';
import { freshDatabase } from '../../support/fresh-database';

/**
 * The two databases `keyrank serve` runs on, for suites that must hold on both: a fresh SQLite
 * file, and a fresh database on the run's PostgreSQL server (test/support/postgres.ts).
 */
export const DATABASES: { name: string; fresh: () => Promise<string> }[] = [
  {
    name: 'SQLite',
    fresh: () => Promise.resolve(join(mkdtempSync(join(tmpdir(), 'keyrank-store-')), 'keyrank.db')),
  },
  { name: 'PostgreSQL', fresh: () => freshDatabase() },
];

/** Opens `target`, runs `work`, closes: as `keyrank serve` would across a restart. */
export async function withDatabase<T>(
  target: string,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  const db = await openDatabase(target);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
