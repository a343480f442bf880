import type { Database, Migrations } from './database';

/**
 * Brings one store's tables up to date. Steps run once per database, in a transaction, and
 * their count is kept in `store_versions`, so opening an older database upgrades it and
 * opening a current one changes nothing. On PostgreSQL an advisory lock makes replicas that
 * start together take turns.
 */
export async function migrate(db: Database, store: string, migrations: Migrations): Promise<void> {
  const steps = migrations[db.dialect];
  await db.transaction(async (tx) => {
    if (db.dialect === 'postgres') {
      await tx.run(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    }
    await tx.exec(`CREATE TABLE IF NOT EXISTS store_versions (
      store TEXT PRIMARY KEY,
      version INTEGER NOT NULL
    )`);
    const row = await tx.get(`SELECT version FROM store_versions WHERE store = ?`, [store]);
    const done = typeof row?.version === 'number' ? row.version : 0;
    for (const step of steps.slice(done)) {
      await (typeof step === 'string' ? tx.exec(step) : step(tx));
    }
    if (done < steps.length) {
      await tx.run(
        `INSERT INTO store_versions (store, version) VALUES (?, ?)
         ON CONFLICT (store) DO UPDATE SET version = excluded.version`,
        [store, steps.length],
      );
    }
  });
}

/** Keyrank's advisory lock for schema changes (any fixed number unlikely to clash). */
const MIGRATION_LOCK = 0x4b52_0001;
