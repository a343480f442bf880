import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TokenSet } from '../../../../src/linear/server/auth/oauth-client';
import { openDatabase } from '../../../../src/linear/store/database/open-database';
import { PENDING_LIFETIME_MS, SessionStore } from '../../../../src/linear/store/session-store';
import { withDb } from '../../support/inbox-db';

const TOKENS: TokenSet = {
  accessToken: 'access-1',
  refreshToken: 'refresh-1',
  expiresAt: 5_000,
  scopes: ['read', 'write'],
};
const ANA = { userId: 'user-ana', userName: 'Ana', orgId: 'org-acme' };

function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'keyrank-sessions-')), 'keyrank.db');
}

async function open<T>(path: string, work: (store: SessionStore) => Promise<T>): Promise<T> {
  const db = await openDatabase(path);
  try {
    return await work(await SessionStore.open(db));
  } finally {
    await db.close();
  }
}

describe('SessionStore', () => {
  it('forgets a session row that no longer reads, rather than trusting it', async () => {
    const path = tempDb();
    const { id } = await open(path, (store) => store.createSession(ANA, TOKENS, 1_000));
    withDb(path, (db) => db.prepare(`UPDATE auth_sessions SET expires_at = 'soon'`).run());
    await open(path, async (store) => {
      expect(await store.findSession(id, 2_000)).toBeUndefined();
    });
    expect(
      withDb(path, (db) => db.prepare('SELECT count(*) AS n FROM auth_sessions').get()),
    ).toEqual({ n: 0 });
  });

  it('drops sign-ins nobody finished when a new one starts', async () => {
    const path = tempDb();
    await open(path, async (store) => {
      await store.startPending({ purpose: 'sign-in', verifier: 'v', returnTo: '/' }, 0);
      await store.startPending(
        { purpose: 'sign-in', verifier: 'v', returnTo: '/' },
        PENDING_LIFETIME_MS + 1,
      );
    });
    expect(
      withDb(path, (db) => db.prepare('SELECT count(*) AS n FROM auth_pending').get()),
    ).toEqual({ n: 1 });
  });

  it('upgrades a file from before the URL key: the installation stays, without one', async () => {
    const path = tempDb();
    // The auth store at version 1, as the previous release left it, with an installation.
    withDb(path, (db) => {
      db.exec(`CREATE TABLE store_versions (store TEXT PRIMARY KEY, version INTEGER NOT NULL);
        INSERT INTO store_versions VALUES ('auth', 1);
        CREATE TABLE auth_sessions (id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL,
          user_name TEXT NOT NULL, org_id TEXT NOT NULL, access_token TEXT NOT NULL,
          refresh_token TEXT, access_expires_at INTEGER, csrf_token TEXT NOT NULL,
          created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
        CREATE TABLE auth_pending (state_hash TEXT PRIMARY KEY, purpose TEXT NOT NULL,
          verifier TEXT NOT NULL, return_to TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE auth_app_token (id INTEGER PRIMARY KEY CHECK (id = 1), org_id TEXT NOT NULL,
          org_name TEXT NOT NULL, access_token TEXT NOT NULL, refresh_token TEXT,
          access_expires_at INTEGER, scopes TEXT NOT NULL, installed_at INTEGER NOT NULL);
        INSERT INTO auth_app_token VALUES (1, 'org-acme', 'Acme', 'app-1', NULL, NULL, 'read,write', 1);`);
    });
    expect(await open(path, (store) => store.appToken())).toMatchObject({
      orgId: 'org-acme',
      orgUrlKey: null,
      accessToken: 'app-1',
    });
    expect(
      withDb(path, (db) =>
        db.prepare(`SELECT version FROM store_versions WHERE store = 'auth'`).get(),
      ),
    ).toEqual({ version: 2 });
  });
});
