import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../src/linear/config';
import { silentLogger } from '../../../../src/linear/logger';
import { AppTokenRevokedError, AppTokens } from '../../../../src/linear/server/auth/app-token';
import { secureCookies } from '../../../../src/linear/server/auth/cookies';
import { LinearOAuthClient, oauthEndpoints } from '../../../../src/linear/server/auth/oauth-client';
import {
  OAuthClientError,
  OAuthGrantRefusedError,
  OAuthUnavailableError,
} from '../../../../src/linear/server/auth/oauth-errors';
import { pkceChallenge, pkcePair } from '../../../../src/linear/server/auth/pkce';
import { safeReturnPath } from '../../../../src/linear/server/auth/return-path';
import type { Database } from '../../../../src/linear/store/database/database';
import { openDatabase } from '../../../../src/linear/store/database/open-database';
import { SessionStore } from '../../../../src/linear/store/session-store';
import { ACME, LocalOAuth } from '../../support/local-oauth';

describe('PKCE', () => {
  it('computes S256 as RFC 7636 appendix B does', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const pair = pkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.challenge).toBe(pkceChallenge(pair.verifier));
  });
});

describe('OAuth configuration', () => {
  it('reads the OAuth variables, and sends tokens only over HTTPS or to this machine', () => {
    expect(
      loadConfig({
        LINEAR_OAUTH_CLIENT_ID: 'id',
        LINEAR_OAUTH_CLIENT_SECRET: 'secret',
        LINEAR_OAUTH_URL: 'http://localhost:9999/',
      }),
    ).toMatchObject({
      oauthClientId: 'id',
      oauthClientSecret: 'secret',
      oauthUrl: 'http://localhost:9999',
    });
    expect(loadConfig({}).oauthUrl).toBeUndefined();
    const attempt = () => loadConfig({ LINEAR_OAUTH_URL: 'http://oauth.example.com' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      'LINEAR_OAUTH_URL: LINEAR_OAUTH_URL must use HTTPS (plain HTTP only for a local test server)',
    );
  });
});

describe('secureCookies', () => {
  const cases: [string, boolean][] = [
    ['https://keyrank.example.com', true],
    ['http://localhost:8787', false],
    ['http://localhost', false],
    ['http://127.0.0.1:8787/', false],
    ['http://[::1]:8787', false],
    // Plain http anywhere else still gets Secure cookies, so it cannot sign anyone in.
    ['http://keyrank.example.com', true],
    ['http://localhost.evil.example', true],
  ];
  for (const [url, secure] of cases) {
    it(`${url} → Secure ${secure ? 'on' : 'off'}`, () => {
      expect(secureCookies(url)).toBe(secure);
    });
  }
});

describe('safeReturnPath', () => {
  const cases: [string | null, string][] = [
    ['/teams/ENG?cycle=next#kr', '/teams/ENG?cycle=next#kr'],
    ['/', '/'],
    [null, '/'],
    ['', '/'],
    ['teams/ENG', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['/teams\\..\\x', '/'],
    ['/a\nSet-Cookie: x=1', '/'],
    ['/auth/sign-in?return=/x', '/'],
    ['/auth/callback', '/'],
    [`/${'a'.repeat(2001)}`, '/'],
  ];
  for (const [raw, expected] of cases) {
    it(`${JSON.stringify(raw)?.slice(0, 40)} → ${expected}`, () => {
      expect(safeReturnPath(raw)).toBe(expected);
    });
  }
});

describe('LinearOAuthClient', () => {
  let oauth: LocalOAuth;
  beforeEach(async () => {
    oauth = new LocalOAuth();
    await oauth.start();
  });
  afterEach(async () => {
    await oauth.close();
  });

  const client = (overrides: Partial<{ clientSecret: string; tokenUrl: string }> = {}) =>
    new LinearOAuthClient({
      clientId: oauth.clientId,
      clientSecret: overrides.clientSecret ?? oauth.clientSecret,
      redirectUri: 'https://keyrank.example.com/auth/callback',
      endpoints: {
        ...oauthEndpoints(oauth.url),
        ...(overrides.tokenUrl !== undefined && { token: overrides.tokenUrl }),
      },
      now: () => 1_000_000,
    });

  it('points at Linear’s own endpoints unless told otherwise', () => {
    expect(oauthEndpoints(undefined)).toEqual({
      authorize: 'https://linear.app/oauth/authorize',
      token: 'https://api.linear.app/oauth/token',
      revoke: 'https://api.linear.app/oauth/revoke',
    });
  });

  it('asks for actor=app with the installation scopes', () => {
    const url = new URL(
      client().authorizeUrl({
        state: 's',
        challenge: 'c',
        scopes: ['read', 'write'],
        actor: 'app',
      }),
    );
    expect(url.searchParams.get('actor')).toBe('app');
    expect(url.searchParams.get('scope')).toBe('read,write');
  });

  const failures: {
    name: string;
    make: () => LinearOAuthClient;
    prepare?: () => void;
    error: new (message: string) => Error;
    says: RegExp;
  }[] = [
    {
      name: 'an unknown code',
      make: () => client(),
      error: OAuthGrantRefusedError,
      says: /refused the grant \(unknown code\).*sign in again/,
    },
    {
      name: 'a wrong client secret',
      make: () => client({ clientSecret: 'wrong' }),
      error: OAuthClientError,
      says: /check LINEAR_OAUTH_CLIENT_ID and LINEAR_OAUTH_CLIENT_SECRET/,
    },
    {
      name: 'Linear answering 503',
      make: () => client(),
      prepare: () => {
        oauth.failTokenRequests = 1;
      },
      error: OAuthUnavailableError,
      says: /answered 503; try again later/,
    },
    {
      name: 'Linear unreachable',
      make: () => client({ tokenUrl: 'http://127.0.0.1:1/oauth/token' }),
      error: OAuthUnavailableError,
      says: /could not be reached/,
    },
  ];
  for (const { name, make, prepare, error, says } of failures) {
    it(`turns ${name} into ${error.name}, with a sentence and no secret`, async () => {
      prepare?.();
      const attempt = make().exchangeCode('not-a-code', 'v'.repeat(43));
      await expect(attempt).rejects.toThrow(error);
      const message = await attempt.catch((e: Error) => e.message);
      expect(message).toMatch(says);
      expect(message).not.toContain(oauth.clientSecret);
      expect(message).not.toContain('not-a-code');
    });
  }
});

describe('AppTokens', () => {
  let oauth: LocalOAuth;
  let db: Database;
  let now = 0;
  beforeEach(async () => {
    oauth = new LocalOAuth(() => now);
    await oauth.start();
    db = await openDatabase(join(mkdtempSync(join(tmpdir(), 'keyrank-app-')), 'keyrank.db'));
  });
  afterEach(async () => {
    await db.close();
    await oauth.close();
  });

  async function installed(): Promise<{ store: SessionStore; app: AppTokens }> {
    const store = await SessionStore.open(db);
    const client = new LinearOAuthClient({
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      redirectUri: 'http://127.0.0.1:9/auth/callback',
      endpoints: oauthEndpoints(oauth.url),
      now: () => now,
    });
    oauth.redirectUris.push(client.redirectUri);
    const { verifier, challenge } = pkcePair();
    const location = await fetch(
      client.authorizeUrl({ state: 's', challenge, scopes: ['read', 'write'], actor: 'app' }),
      { redirect: 'manual' },
    );
    const code = new URL(location.headers.get('location') ?? '').searchParams.get('code') ?? '';
    await store.saveAppToken(ACME, await client.exchangeCode(code, verifier), now);
    return {
      store,
      app: new AppTokens({ store, oauth: client, now: () => now, log: silentLogger }),
    };
  }

  it('refreshes the app token before it ends and keeps the rolled refresh token', async () => {
    const { store, app } = await installed();
    const first = await app.accessToken();
    expect(first).toBe((await store.appToken())?.accessToken);
    now += 86_399_000 - 60_000;
    const second = await app.accessToken();
    expect(second).not.toBe(first);
    expect(oauth.accepts(second)).toBe(true);
    expect((await store.appToken())?.accessToken).toBe(second);
  });

  it('says to install again when Linear refuses the refresh, and forgets the installation', async () => {
    const { store, app } = await installed();
    oauth.revokeAll();
    now += 86_399_000;
    await expect(app.accessToken()).rejects.toThrow(AppTokenRevokedError);
    await expect(app.accessToken()).rejects.toThrow(/keyrank linear install/);
    expect(await store.appToken()).toBeUndefined();
    expect(await app.installedOrganization()).toBeUndefined();
  });
});
