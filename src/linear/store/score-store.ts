import { z } from 'zod';
import type { Database, Migrations } from './database/database';
import { migrate } from './database/migrate';

/** What the score page of an issue shows: written by every event and sync that decides it. */
export interface StoredScore {
  identifier: string;
  title: string;
  score: number | null;
  icebox: boolean;
  explanation: string;
  problems: string[];
  updatedAt: string;
}

/** A stored score; zod numbers are finite, so an `Infinity` left by an older version fails here. */
const ScoreRow = z
  .object({
    identifier: z.string(),
    title: z.string(),
    score: z.number().nullable(),
    icebox: z.number(),
    explanation: z.string(),
    problems: z.string().transform((text, ctx) => {
      try {
        return z.array(z.string()).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'problems is not a list of strings' });
        return z.NEVER;
      }
    }),
    updated_at: z.string(),
  })
  .transform((r): StoredScore => ({
    identifier: r.identifier,
    title: r.title,
    score: r.score,
    icebox: r.icebox === 1,
    explanation: r.explanation,
    problems: r.problems,
    updatedAt: r.updated_at,
  }));

const SCORE_COLUMNS = (real: string) => `
  identifier TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  score ${real},
  icebox INTEGER NOT NULL,
  explanation TEXT NOT NULL,
  problems TEXT NOT NULL,
  updated_at TEXT NOT NULL`;

const MIGRATIONS: Migrations = {
  sqlite: [`CREATE TABLE IF NOT EXISTS scores (${SCORE_COLUMNS('REAL')});`],
  postgres: [`CREATE TABLE scores (${SCORE_COLUMNS('DOUBLE PRECISION')});`],
};

/** The latest score of each issue, by identifier, in the server's database: what GET /issues/… shows. */
export class ScoreStore {
  private constructor(private readonly db: Database) {}

  static async open(db: Database): Promise<ScoreStore> {
    await migrate(db, 'scores', MIGRATIONS);
    return new ScoreStore(db);
  }

  async save(score: StoredScore): Promise<void> {
    await this.db.run(
      `INSERT INTO scores (identifier, title, score, icebox, explanation, problems, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (identifier) DO UPDATE SET title = excluded.title, score = excluded.score,
         icebox = excluded.icebox, explanation = excluded.explanation,
         problems = excluded.problems, updated_at = excluded.updated_at`,
      [
        score.identifier,
        score.title,
        // Never store what cannot be read back: a non-finite score is no score.
        score.score !== null && Number.isFinite(score.score) ? score.score : null,
        score.icebox ? 1 : 0,
        score.explanation,
        JSON.stringify(score.problems),
        score.updatedAt,
      ],
    );
  }

  /**
   * The stored score of an issue; undefined when there is none or it no longer reads (such as
   * an `Infinity` an older version stored): the next event or sync recomputes it.
   */
  async get(identifier: string): Promise<StoredScore | undefined> {
    const row = await this.db.get(`SELECT * FROM scores WHERE identifier = ?`, [identifier]);
    if (row === undefined) {
      return undefined;
    }
    const parsed = ScoreRow.safeParse(row);
    return parsed.success ? parsed.data : undefined;
  }
}
