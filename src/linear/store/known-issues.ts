import { z } from 'zod';
import type { Database, Migrations, Sql } from './database/database';
import { migrate } from './database/migrate';

/**
 * What Keyrank knows an issue holds in Linear: the version it last applied (Linear's
 * `updatedAt`), the labels it carries and the score attachment on it once Keyrank's own last
 * write landed. Kept in the server's database so that, after a restart too, an event on a known issue
 * is decided from its webhook payload without reading Linear (docs/linear.md, "Requests").
 */
export interface KnownIssue {
  id: string;
  identifier: string;
  teamId: string;
  /** Linear's `updatedAt` of the newest version applied: a payload not newer is stale. */
  updatedAt: string;
  labelIds: string[];
  /** Keyrank's score attachment as last written or read; null when the issue has none. */
  attachment: KnownAttachment | null;
}

export interface KnownAttachment {
  title: string;
  subtitle: string;
  metadata: Record<string, unknown>;
}

const AttachmentJson = z
  .object({
    title: z.string(),
    subtitle: z.string(),
    metadata: z.record(z.string(), z.unknown()),
  })
  .nullable();

/** A row as the database returns it; a row that no longer reads is as good as none (read afresh). */
const KnownRow = z
  .object({
    issue_id: z.string(),
    identifier: z.string(),
    team_id: z.string(),
    updated_at: z.string(),
    label_ids: z.string(),
    attachment: z.string(),
    pending: z.number(),
  })
  .transform((r, ctx) => {
    try {
      return {
        pending: r.pending === 1,
        issue: {
          id: r.issue_id,
          identifier: r.identifier,
          teamId: r.team_id,
          updatedAt: r.updated_at,
          labelIds: z.array(z.string()).parse(JSON.parse(r.label_ids)),
          attachment: AttachmentJson.parse(JSON.parse(r.attachment)),
        } satisfies KnownIssue,
      };
    } catch {
      ctx.addIssue({ code: 'custom', message: 'known issue row does not read' });
      return z.NEVER;
    }
  });

/** Only TEXT and INTEGER: the same step on SQLite and PostgreSQL. */
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS known_issues (
  issue_id TEXT PRIMARY KEY,
  identifier TEXT NOT NULL,
  team_id TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  label_ids TEXT NOT NULL,
  attachment TEXT NOT NULL,
  pending INTEGER NOT NULL DEFAULT 0
);`;
const MIGRATIONS: Migrations = { sqlite: [CREATE_TABLE], postgres: [CREATE_TABLE] };

/**
 * The issues Keyrank knows, by Linear id. A write is recorded in two steps: `markPending`
 * before it is sent and `remember` once Linear answered, so a crash in between leaves the
 * issue pending and its next event reads Linear instead of trusting a write that may not
 * have landed.
 */
export class KnownIssues {
  private constructor(private readonly db: Database) {}

  static async open(db: Database): Promise<KnownIssues> {
    await migrate(db, 'known_issues', MIGRATIONS);
    return new KnownIssues(db);
  }

  /** What is known of an issue; `pending` when a write to it may or may not have landed. */
  async get(issueId: string): Promise<{ issue: KnownIssue; pending: boolean } | undefined> {
    const row = await this.db.get(`SELECT * FROM known_issues WHERE issue_id = ?`, [issueId]);
    if (row === undefined) {
      return undefined;
    }
    const parsed = KnownRow.safeParse(row);
    return parsed.success ? parsed.data : undefined;
  }

  /** Records what the issues hold now that Linear answered (or nothing had to be written). */
  async remember(issues: readonly KnownIssue[]): Promise<void> {
    // Never backwards: a version already applied stays the bar for staleness.
    const newer = this.db.dialect === 'postgres' ? 'GREATEST' : 'MAX';
    await this.each(issues, (tx, issue) =>
      tx.run(
        `INSERT INTO known_issues (issue_id, identifier, team_id, updated_at, label_ids, attachment, pending)
         VALUES (?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT (issue_id) DO UPDATE SET identifier = excluded.identifier,
           team_id = excluded.team_id, label_ids = excluded.label_ids,
           attachment = excluded.attachment, pending = 0,
           updated_at = ${newer}(known_issues.updated_at, excluded.updated_at)`,
        [
          issue.id,
          issue.identifier,
          issue.teamId,
          issue.updatedAt,
          JSON.stringify(issue.labelIds),
          JSON.stringify(issue.attachment),
        ],
      ),
    );
  }

  /** Before a write is sent: until `remember`, the issues' next events read Linear. */
  async markPending(issueIds: readonly string[]): Promise<void> {
    await this.each(issueIds, (tx, id) =>
      tx.run(`UPDATE known_issues SET pending = 1 WHERE issue_id = ?`, [id]),
    );
  }

  /** Linear refused a write to the issue: what it holds is no longer known. */
  async forget(issueIds: readonly string[]): Promise<void> {
    await this.each(issueIds, (tx, id) =>
      tx.run(`DELETE FROM known_issues WHERE issue_id = ?`, [id]),
    );
  }

  /** One statement per item, all in one transaction (a window's issues share one commit). */
  private async each<T>(items: readonly T[], statement: (tx: Sql, item: T) => Promise<number>) {
    if (items.length === 0) {
      return;
    }
    await this.db.transaction(async (tx) => {
      for (const item of items) {
        await statement(tx, item);
      }
    });
  }
}
