import { z } from 'zod';
import { StoreUnavailableError, describeTarget, type Sql } from './database/database';
import { openDatabase } from './database/open-database';

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
 * What `keyrank linear inbox` shows, read without changing anything: an SQLite file is opened
 * read-only and must exist (a mistyped KEYRANK_DB must not create an empty inbox), so it can
 * be run beside a running `keyrank serve`. Throws StoreUnavailableError with what is wrong.
 */
export async function readInboxReport(target: string, limit: number): Promise<InboxReport> {
  const db = await openDatabase(target, { readonly: true });
  try {
    return { counts: await countEvents(db), setAside: await setAsideRows(db, limit) };
  } catch (error) {
    throw new StoreUnavailableError(
      `${describeTarget(target)} (KEYRANK_DB) is not a Keyrank inbox: ${(error as Error).message}`,
    );
  } finally {
    await db.close();
  }
}

const Counts = z.object({
  pending: z.number().nullable(),
  done: z.number().nullable(),
  set_aside: z.number().nullable(),
});

/** How many events are pending, done and set aside. */
export async function countEvents(sql: Sql): Promise<EventCounts> {
  const row = Counts.parse(
    await sql.get(
      `SELECT COUNT(*) FILTER (WHERE status = 'pending') AS pending,
         COUNT(*) FILTER (WHERE status = 'done') AS done,
         COUNT(*) FILTER (WHERE status = 'set_aside') AS set_aside FROM events`,
    ),
  );
  return { pending: row.pending ?? 0, done: row.done ?? 0, setAside: row.set_aside ?? 0 };
}

/** Only the identifier is wanted from a set-aside payload, which may not be JSON at all. */
const NamedIssue = z.object({ data: z.object({ identifier: z.string() }) });

/** The set-aside events, newest first. */
export async function setAsideRows(sql: Sql, limit: number): Promise<SetAsideEvent[]> {
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
      await sql.all(
        `SELECT seq, delivery, received_at, outcome, payload FROM events
         WHERE status = 'set_aside' ORDER BY seq DESC LIMIT ?`,
        [limit],
      ),
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
