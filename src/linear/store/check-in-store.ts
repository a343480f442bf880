import { z } from 'zod';
import { CHECK_IN_SOURCES, isDay, sortCheckIns, type CheckIn } from '../../core/index';
import type { Database, Migrations } from './database/database';
import { migrate } from './database/migrate';

/**
 * The check-ins `keyrank serve` records (pushed values, automatic readings of `query` and
 * `linked-done` sources), kept in the server's database beside the events: the OKR file stays the
 * people's, and a restart keeps every value. The OKRs the server scores with are the file's
 * plus these (`withStoredCheckIns` in read/load-okrs.ts).
 */

/** A check-in that cannot be stored: a value that would not read back, or a malformed date. */
export class InvalidCheckInError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCheckInError';
  }
}

/** The table's schema, step by step (see database/migrate.ts): append a step, never edit one. */
const MIGRATIONS: Migrations = {
  sqlite: [
    `CREATE TABLE IF NOT EXISTS check_ins (
       seq INTEGER PRIMARY KEY AUTOINCREMENT,
       kr_id TEXT NOT NULL,
       date TEXT NOT NULL,
       value REAL NOT NULL,
       note TEXT,
       by TEXT,
       source TEXT NOT NULL
     );
     CREATE INDEX IF NOT EXISTS check_ins_by_kr ON check_ins (kr_id, seq);`,
  ],
  postgres: [
    `CREATE TABLE check_ins (
       seq BIGSERIAL PRIMARY KEY,
       kr_id TEXT NOT NULL,
       date TEXT NOT NULL,
       value DOUBLE PRECISION NOT NULL,
       note TEXT,
       by TEXT,
       source TEXT NOT NULL
     );
     CREATE INDEX check_ins_by_kr ON check_ins (kr_id, seq);`,
  ],
};

/** A stored row; zod numbers are finite, so a value that no longer reads is skipped, not used. */
const Row = z.object({
  kr_id: z.string(),
  date: z.string().refine(isDay),
  value: z.number(),
  note: z.string().nullable(),
  by: z.string().nullable(),
  source: z.enum(CHECK_IN_SOURCES),
});

export class CheckInStore {
  private constructor(private readonly db: Database) {}

  static async open(db: Database): Promise<CheckInStore> {
    await migrate(db, 'check_ins', MIGRATIONS);
    return new CheckInStore(db);
  }

  /** Keeps one check-in of `krId`. Throws InvalidCheckInError rather than store what cannot be read back. */
  async append(krId: string, checkIn: CheckIn): Promise<void> {
    if (!Number.isFinite(checkIn.value)) {
      throw new InvalidCheckInError(
        `a check-in value must be a finite number, not ${checkIn.value}`,
      );
    }
    if (!isDay(checkIn.date)) {
      throw new InvalidCheckInError(`a check-in date must be YYYY-MM-DD, not "${checkIn.date}"`);
    }
    await this.db.run(
      `INSERT INTO check_ins (kr_id, date, value, note, by, source) VALUES (?, ?, ?, ?, ?, ?)`,
      [
        krId,
        checkIn.date,
        checkIn.value,
        checkIn.note ?? null,
        checkIn.by ?? null,
        checkIn.source ?? 'manual',
      ],
    );
  }

  /** The check-ins of one KR, oldest first (by date; one day's in the order they were made). */
  async list(krId: string): Promise<CheckIn[]> {
    const rows = await this.db.all(`SELECT * FROM check_ins WHERE kr_id = ? ORDER BY seq`, [krId]);
    return sortCheckIns(rows.flatMap(readRow));
  }

  /** Every stored check-in by KR id, each list oldest first: what `withCheckIns` takes. */
  async all(): Promise<Map<string, CheckIn[]>> {
    const byKr = new Map<string, CheckIn[]>();
    for (const row of await this.db.all(`SELECT * FROM check_ins ORDER BY seq`)) {
      const parsed = Row.safeParse(row);
      if (parsed.success) {
        const list = byKr.get(parsed.data.kr_id) ?? [];
        list.push(toCheckIn(parsed.data));
        byKr.set(parsed.data.kr_id, list);
      }
    }
    for (const [krId, list] of byKr) {
      byKr.set(krId, sortCheckIns(list));
    }
    return byKr;
  }
}

function readRow(row: unknown): CheckIn[] {
  const parsed = Row.safeParse(row);
  return parsed.success ? [toCheckIn(parsed.data)] : [];
}

function toCheckIn(row: z.infer<typeof Row>): CheckIn {
  return {
    date: row.date,
    value: row.value,
    source: row.source,
    ...(row.note !== null && { note: row.note }),
    ...(row.by !== null && { by: row.by }),
  };
}
