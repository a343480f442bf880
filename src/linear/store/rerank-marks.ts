import { z } from 'zod';
import type { InboxFile } from './inbox-file';

/**
 * Teams whose order may be stale, kept in the inbox file so a re-rank that was due when the
 * server stopped still happens after a restart.
 */
export class RerankMarks {
  constructor(private readonly file: InboxFile) {
    file.db.exec(`
      CREATE TABLE IF NOT EXISTS rerank_teams (
        team_id TEXT PRIMARY KEY,
        marked_at INTEGER NOT NULL
      );
    `);
  }

  mark(teamId: string, at: number): void {
    this.file.db
      .prepare(
        `INSERT INTO rerank_teams (team_id, marked_at) VALUES (?, ?)
         ON CONFLICT (team_id) DO UPDATE SET marked_at = excluded.marked_at`,
      )
      .run(teamId, at);
  }

  /** Clears a team re-ranked from a read that began at `readAt`, unless marked again since. */
  unmark(teamId: string, readAt: number): void {
    this.file.db
      .prepare(`DELETE FROM rerank_teams WHERE team_id = ? AND marked_at <= ?`)
      .run(teamId, readAt);
  }

  teams(): string[] {
    return z
      .array(z.object({ team_id: z.string() }))
      .parse(this.file.db.prepare(`SELECT team_id FROM rerank_teams`).all())
      .map((row) => row.team_id);
  }
}
