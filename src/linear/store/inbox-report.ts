import Database from 'better-sqlite3';
import { z } from 'zod';
import { InboxUnavailableError } from './inbox-file';

export interface EventCounts {
  pending: number;
  done: number;
  setAside: number;
}

export interface SetAsideEvent {
  seq: number;
  delivery: string;
  receivedAt: string;
  reason: string;
  /** The issue's identifier (ENG-42) when the payload names one; null when it cannot be read. */
  identifier: string | null;
}

export interface InboxReport {
  counts: EventCounts;
  setAside: SetAsideEvent[];
}

/**
 * What `keyrank linear inbox` shows, read without changing anything: the file is opened
 * read-only and must exist (a mistyped KEYRANK_DB must not create an empty inbox), so it can
 * be run beside a running `keyrank serve`. Throws InboxUnavailableError with what is wrong.
 */
export function readInboxReport(path: string, limit: number): InboxReport {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new InboxUnavailableError(
      `cannot open ${path} (KEYRANK_DB): ${(error as Error).message}`,
    );
  }
  try {
    return { counts: countEvents(db), setAside: setAsideRows(db, limit) };
  } catch (error) {
    throw new InboxUnavailableError(
      `${path} (KEYRANK_DB) is not a Keyrank inbox: ${(error as Error).message}`,
    );
  } finally {
    db.close();
  }
}

type Db = Database.Database;

/** How many events are pending, done and set aside. */
export function countEvents(db: Db): EventCounts {
  const row = db
    .prepare(
      `SELECT SUM(status = 'pending') AS pending, SUM(status = 'done') AS done,
         SUM(status = 'set_aside') AS set_aside FROM events`,
    )
    .get() as { pending: number | null; done: number | null; set_aside: number | null };
  return { pending: row.pending ?? 0, done: row.done ?? 0, setAside: row.set_aside ?? 0 };
}

/** Only the identifier is wanted from a set-aside payload, which may not be JSON at all. */
const NamedIssue = z.object({ data: z.object({ identifier: z.string() }) });

/** The set-aside events, newest first. */
export function setAsideRows(db: Db, limit: number): SetAsideEvent[] {
  return z
    .array(
      z.object({
        seq: z.number(),
        delivery: z.string(),
        received_at: z.string(),
        outcome: z.string().nullable(),
        payload: z.unknown(),
      }),
    )
    .parse(
      db
        .prepare(
          `SELECT seq, delivery, received_at, outcome, payload FROM events
           WHERE status = 'set_aside' ORDER BY seq DESC LIMIT ?`,
        )
        .all(limit),
    )
    .map((r) => ({
      seq: r.seq,
      delivery: r.delivery,
      receivedAt: r.received_at,
      reason: r.outcome ?? '',
      identifier: identifierIn(r.payload),
    }));
}

function identifierIn(payload: unknown): string | null {
  if (typeof payload !== 'string') {
    return null;
  }
  try {
    const parsed = NamedIssue.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data.data.identifier : null;
  } catch {
    return null;
  }
}
