import { createHash } from 'node:crypto';
import { z } from 'zod';
import { randomToken } from '../server/auth/pkce';
import type { TokenSet } from '../server/auth/oauth-client';
import type { Database, Migrations } from './database/database';
import { migrate } from './database/migrate';

/**
 * What "Sign in with Linear" keeps, in the server's database file (KEYRANK_DB) beside the
 * inbox: the sessions of signed-in people, the sign-ins under way, and the app token of
 * `keyrank linear install`. Session ids and states are stored hashed, so a copy of the file
 * does not let anyone in; Linear tokens are stored as they are (they must be sent) and are
 * never logged.
 */

/** A session lasts 30 days at most, however often it is used; then the person signs in again. */
export const SESSION_LIFETIME_MS = 30 * 24 * 3_600_000;
/** A sign-in must come back from Linear within 10 minutes of starting. */
export const PENDING_LIFETIME_MS = 10 * 60_000;
/** Sign-ins under way at once: more means someone is filling the table, not people signing in. */
export const MAX_PENDING = 10_000;

/** The sign-in cannot start: too many are under way (the route answers 503). */
export class TooManySignInsError extends Error {
  constructor() {
    super('Too many sign-ins are under way; try again in a few minutes');
    this.name = 'TooManySignInsError';
  }
}

/** The auth tables; `ms` is the type of an epoch-milliseconds column (BIGINT on PostgreSQL). */
const authTables = (ms: string) => `
  CREATE TABLE IF NOT EXISTS auth_sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    org_id TEXT NOT NULL,
    access_token TEXT NOT NULL,
    refresh_token TEXT,
    access_expires_at ${ms},
    csrf_token TEXT NOT NULL,
    created_at ${ms} NOT NULL,
    expires_at ${ms} NOT NULL
  );
  CREATE INDEX IF NOT EXISTS auth_sessions_by_expiry ON auth_sessions (expires_at);
  CREATE TABLE IF NOT EXISTS auth_pending (
    state_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    verifier TEXT NOT NULL,
    return_to TEXT NOT NULL,
    created_at ${ms} NOT NULL
  );
  CREATE TABLE IF NOT EXISTS auth_app_token (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    org_id TEXT NOT NULL,
    org_name TEXT NOT NULL,
    access_token TEXT NOT NULL,
    refresh_token TEXT,
    access_expires_at ${ms},
    scopes TEXT NOT NULL,
    installed_at ${ms} NOT NULL
  );`;
// The installed workspace's URL key (linear.app/<urlKey>/…): the page links issues into Linear.
const URL_KEY = `ALTER TABLE auth_app_token ADD COLUMN org_url_key TEXT;`;
const MIGRATIONS: Migrations = {
  sqlite: [authTables('INTEGER'), URL_KEY],
  postgres: [authTables('BIGINT'), URL_KEY],
};

/** Who a session is for and the Linear tokens their actions run with. */
export interface Session {
  userId: string;
  userName: string;
  orgId: string;
  accessToken: string;
  refreshToken: string | null;
  /** Epoch ms when the access token ends; null for a legacy long-lived token. */
  accessExpiresAt: number | null;
  /** Sent back in `X-CSRF-Token` (or a `csrf` form field) by every state-changing request. */
  csrfToken: string;
  createdAt: number;
  /** Epoch ms when the session ends, whatever the tokens say. */
  expiresAt: number;
}

export type PendingPurpose = 'sign-in' | 'install';

export interface PendingSignIn {
  purpose: PendingPurpose;
  verifier: string;
  /** A same-origin path such as `/teams/ENG`; checked before it was stored. */
  returnTo: string;
  createdAt: number;
}

/** One use: taking a state deletes it, whatever comes of it. */
export type TakenPending =
  { kind: 'ok'; pending: PendingSignIn } | { kind: 'unknown' } | { kind: 'expired' };

export interface AppToken {
  orgId: string;
  orgName: string;
  /** Linear's `organization.urlKey`; null for an installation kept before it was stored. */
  orgUrlKey: string | null;
  accessToken: string;
  refreshToken: string | null;
  accessExpiresAt: number | null;
  scopes: string[];
  installedAt: number;
}

const SessionRow = z.object({
  user_id: z.string(),
  user_name: z.string(),
  org_id: z.string(),
  access_token: z.string(),
  refresh_token: z.string().nullable(),
  access_expires_at: z.number().nullable(),
  csrf_token: z.string(),
  created_at: z.number(),
  expires_at: z.number(),
});
const PendingRow = z.object({
  purpose: z.enum(['sign-in', 'install']),
  verifier: z.string(),
  return_to: z.string(),
  created_at: z.number(),
});
const AppTokenRow = z.object({
  org_id: z.string(),
  org_name: z.string(),
  org_url_key: z.string().nullable(),
  access_token: z.string(),
  refresh_token: z.string().nullable(),
  access_expires_at: z.number().nullable(),
  scopes: z.string(),
  installed_at: z.number(),
});

/** The hash a session id or state is stored and looked up under. */
function hashed(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export class SessionStore {
  private constructor(private readonly db: Database) {}

  static async open(db: Database): Promise<SessionStore> {
    await migrate(db, 'auth', MIGRATIONS);
    return new SessionStore(db);
  }

  /** Starts a session; answers its id (the cookie value), which is stored only hashed. */
  async createSession(
    person: Pick<Session, 'userId' | 'userName' | 'orgId'>,
    tokens: TokenSet,
    now: number,
  ): Promise<{ id: string; session: Session }> {
    const id = randomToken();
    const session: Session = {
      ...person,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accessExpiresAt: tokens.expiresAt,
      csrfToken: randomToken(),
      createdAt: now,
      expiresAt: now + SESSION_LIFETIME_MS,
    };
    await this.db.transaction(async (tx) => {
      // Ended sessions go when a new one comes, so the table holds live sessions only.
      await tx.run(`DELETE FROM auth_sessions WHERE expires_at <= ?`, [now]);
      await tx.run(
        `INSERT INTO auth_sessions (id_hash, user_id, user_name, org_id, access_token,
           refresh_token, access_expires_at, csrf_token, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          hashed(id),
          session.userId,
          session.userName,
          session.orgId,
          session.accessToken,
          session.refreshToken,
          session.accessExpiresAt,
          session.csrfToken,
          session.createdAt,
          session.expiresAt,
        ],
      );
    });
    return { id, session };
  }

  /** The live session of a cookie value; an ended or unreadable one is deleted and not found. */
  async findSession(id: string, now: number): Promise<Session | undefined> {
    const row = await this.db.get(`SELECT * FROM auth_sessions WHERE id_hash = ?`, [hashed(id)]);
    if (row === undefined) {
      return undefined;
    }
    const parsed = SessionRow.safeParse(row);
    if (!parsed.success || parsed.data.expires_at <= now) {
      await this.deleteSession(id);
      return undefined;
    }
    const r = parsed.data;
    return {
      userId: r.user_id,
      userName: r.user_name,
      orgId: r.org_id,
      accessToken: r.access_token,
      refreshToken: r.refresh_token,
      accessExpiresAt: r.access_expires_at,
      csrfToken: r.csrf_token,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
    };
  }

  /** Keeps the tokens of a refresh; the old refresh token no longer works once Linear rolled it. */
  async updateSessionTokens(id: string, tokens: TokenSet): Promise<void> {
    await this.db.run(
      `UPDATE auth_sessions SET access_token = ?, refresh_token = ?, access_expires_at = ?
       WHERE id_hash = ?`,
      [tokens.accessToken, tokens.refreshToken, tokens.expiresAt, hashed(id)],
    );
  }

  /** Ends a session (sign-out, a refused refresh); true when there was one. */
  async deleteSession(id: string): Promise<boolean> {
    return (await this.db.run(`DELETE FROM auth_sessions WHERE id_hash = ?`, [hashed(id)])) > 0;
  }

  /**
   * Remembers a sign-in under way; answers its state, to send to Linear. Throws
   * TooManySignInsError when the table is full of sign-ins no one finished.
   */
  async startPending(pending: Omit<PendingSignIn, 'createdAt'>, now: number): Promise<string> {
    const state = randomToken();
    await this.db.transaction(async (tx) => {
      await tx.run(`DELETE FROM auth_pending WHERE created_at <= ?`, [now - PENDING_LIFETIME_MS]);
      const row = await tx.get(`SELECT count(*) AS count FROM auth_pending`);
      if (Number(row?.count ?? 0) >= MAX_PENDING) {
        throw new TooManySignInsError();
      }
      await tx.run(
        `INSERT INTO auth_pending (state_hash, purpose, verifier, return_to, created_at)
         VALUES (?, ?, ?, ?, ?)`,
        [hashed(state), pending.purpose, pending.verifier, pending.returnTo, now],
      );
    });
    return state;
  }

  /** Takes the sign-in of a state: one use, so a replayed callback finds nothing. */
  async takePending(state: string, now: number): Promise<TakenPending> {
    // DELETE … RETURNING: of two callbacks racing on one state, only one gets the row.
    const row = await this.db.get(`DELETE FROM auth_pending WHERE state_hash = ? RETURNING *`, [
      hashed(state),
    ]);
    if (row === undefined) {
      return { kind: 'unknown' };
    }
    const parsed = PendingRow.safeParse(row);
    if (!parsed.success) {
      return { kind: 'unknown' };
    }
    const r = parsed.data;
    if (now - r.created_at > PENDING_LIFETIME_MS) {
      return { kind: 'expired' };
    }
    return {
      kind: 'ok',
      pending: {
        purpose: r.purpose,
        verifier: r.verifier,
        returnTo: r.return_to,
        createdAt: r.created_at,
      },
    };
  }

  /** Keeps the app token of an installation, replacing the one before. */
  async saveAppToken(
    org: { id: string; name: string; urlKey?: string },
    tokens: TokenSet,
    now: number,
  ): Promise<void> {
    await this.db.run(
      `INSERT INTO auth_app_token (id, org_id, org_name, org_url_key, access_token,
         refresh_token, access_expires_at, scopes, installed_at)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET org_id = excluded.org_id, org_name = excluded.org_name,
         org_url_key = excluded.org_url_key, access_token = excluded.access_token,
         refresh_token = excluded.refresh_token, access_expires_at = excluded.access_expires_at,
         scopes = excluded.scopes, installed_at = excluded.installed_at`,
      [
        org.id,
        org.name,
        org.urlKey ?? null,
        tokens.accessToken,
        tokens.refreshToken,
        tokens.expiresAt,
        tokens.scopes.join(','),
        now,
      ],
    );
  }

  /** The installation, if Keyrank was installed (and the row still reads). */
  async appToken(): Promise<AppToken | undefined> {
    const parsed = AppTokenRow.safeParse(
      await this.db.get(`SELECT * FROM auth_app_token WHERE id = 1`),
    );
    if (!parsed.success) {
      return undefined;
    }
    const r = parsed.data;
    return {
      orgId: r.org_id,
      orgName: r.org_name,
      orgUrlKey: r.org_url_key,
      accessToken: r.access_token,
      refreshToken: r.refresh_token,
      accessExpiresAt: r.access_expires_at,
      scopes: r.scopes === '' ? [] : r.scopes.split(','),
      installedAt: r.installed_at,
    };
  }

  async updateAppTokens(tokens: TokenSet): Promise<void> {
    await this.db.run(
      `UPDATE auth_app_token SET access_token = ?, refresh_token = ?, access_expires_at = ?
       WHERE id = 1`,
      [tokens.accessToken, tokens.refreshToken, tokens.expiresAt],
    );
  }

  /** Forgets the installation (its refresh was refused: `keyrank linear install` again). */
  async clearAppToken(): Promise<void> {
    await this.db.run(`DELETE FROM auth_app_token WHERE id = 1`);
  }
}
