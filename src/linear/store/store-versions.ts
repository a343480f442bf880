import type { InboxFile } from './inbox-file';

/**
 * Brings one store's tables up to date, step by step. A step runs once per file, in a
 * transaction, and its number is kept in `store_versions`, so opening an older file upgrades it
 * and opening a current one changes nothing.
 */
export function migrateStore(file: InboxFile, store: string, steps: readonly string[]): void {
  const { db } = file;
  db.exec(`CREATE TABLE IF NOT EXISTS store_versions (
    store TEXT PRIMARY KEY,
    version INTEGER NOT NULL
  )`);
  db.transaction(() => {
    const row = db.prepare(`SELECT version FROM store_versions WHERE store = ?`).get(store) as
      { version: number } | undefined;
    const done = row?.version ?? 0;
    steps.slice(done).forEach((step) => db.exec(step));
    if (done < steps.length) {
      db.prepare(
        `INSERT INTO store_versions (store, version) VALUES (?, ?)
         ON CONFLICT (store) DO UPDATE SET version = excluded.version`,
      ).run(store, steps.length);
    }
  })();
}
