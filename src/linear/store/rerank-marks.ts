import { z } from 'zod';
import type { Database, Migrations } from './database/database';
import { migrate } from './database/migrate';

const MIGRATIONS: Migrations = {
  sqlite: [
    `CREATE TABLE IF NOT EXISTS rerank_teams (
       team_id TEXT PRIMARY KEY,
       marked_at INTEGER NOT NULL
     );`,
  ],
  postgres: [
    `CREATE TABLE rerank_teams (
       team_id TEXT PRIMARY KEY,
       marked_at BIGINT NOT NULL
     );`,
  ],
};

/**
 * Teams whose order may be stale, kept in the server's database so a re-rank that was due
 * when the server stopped still happens after a restart.
 */
export class RerankMarks {
  private constructor(private readonly db: Database) {}

  static async open(db: Database): Promise<RerankMarks> {
    await migrate(db, 'rerank_teams', MIGRATIONS);
    return new RerankMarks(db);
  }

  async mark(teamId: string, at: number): Promise<void> {
    await this.db.run(
      `INSERT INTO rerank_teams (team_id, marked_at) VALUES (?, ?)
       ON CONFLICT (team_id) DO UPDATE SET marked_at = excluded.marked_at`,
      [teamId, at],
    );
  }

  /** Clears a team re-ranked from a read that began at `readAt`, unless marked again since. */
  async unmark(teamId: string, readAt: number): Promise<void> {
    await this.db.run(`DELETE FROM rerank_teams WHERE team_id = ? AND marked_at <= ?`, [
      teamId,
      readAt,
    ]);
  }

  async teams(): Promise<string[]> {
    return z
      .array(z.object({ team_id: z.string() }))
      .parse(await this.db.all(`SELECT team_id FROM rerank_teams`))
      .map((row) => row.team_id);
  }
}
