import Database from 'better-sqlite3';

/** A second connection to the inbox file, as a person with sqlite3 would have. */
export function withDb<T>(path: string, work: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return work(db);
  } finally {
    db.close();
  }
}
