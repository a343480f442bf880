import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../../src/linear/server/auth/route-table';
import { withDb } from '../../support/inbox-db';
import { ANA } from '../../support/local-oauth';
import { API_TOKEN, AuthHarness, setCookieOf, signIn } from './auth-harness';

let h: AuthHarness;
beforeEach(async () => {
  h = new AuthHarness();
  await h.start();
});
afterEach(async () => {
  await h.close();
});

const DAY = 24 * 3_600_000;

async function get(path: string, cookie = ''): Promise<Response> {
  return fetch(`${h.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

async function post(path: string, headers: Record<string, string>, body?: string) {
  return fetch(`${h.url}${path}`, { method: 'POST', redirect: 'manual', headers, body });
}

async function csrfOf(cookie: string): Promise<string> {
  const answer = (await (await get('/api/session', cookie)).json()) as { csrfToken: string };
  return answer.csrfToken;
}

function storedAccessToken(): string {
  return withDb(h.dbPath, (db) => {
    const row = db.prepare('SELECT access_token FROM auth_sessions').get() as
      { access_token: string } | undefined;
    return row?.access_token ?? '';
  });
}

describe('sessions and Linear tokens', () => {
  it('refreshes an access token about to end, storing the rolled refresh token', async () => {
    const { cookie } = await signIn(h);
    const before = storedAccessToken();
    h.time += DAY - 5 * 60_000; // 5 minutes before Linear's token ends
    const answer = await get('/api/session', cookie);
    expect(answer.status).toBe(200);
    const after = storedAccessToken();
    expect(after).not.toBe(before);
    expect(h.oauth.accepts(after)).toBe(true);
    const refreshes = h.oauth.requests.filter((r) => r.form.grant_type === 'refresh_token');
    expect(refreshes.map((r) => r.status)).toEqual([200]);
    // Rolling: the refresh token used is spent, so only the stored new one can refresh again.
    h.time += DAY;
    expect((await get('/api/session', cookie)).status).toBe(200);
    expect(
      h.oauth.requests.filter((r) => r.form.grant_type === 'refresh_token').map((r) => r.status),
    ).toEqual([200, 200]);
  });

  it('refreshes once for requests arriving together (a second refresh would be refused)', async () => {
    const { cookie } = await signIn(h);
    h.time += DAY;
    const answers = await Promise.all([1, 2, 3, 4].map(() => get('/api/session', cookie)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(h.oauth.requests.filter((r) => r.form.grant_type === 'refresh_token')).toHaveLength(1);
  });

  it('signs the person out when Linear refuses the refresh: 401 on /api, sign-in again on pages', async () => {
    const { cookie } = await signIn(h);
    h.oauth.revokeAll(); // the person removed Keyrank's access in Linear
    h.time += DAY;
    const api = await get('/api/session', cookie);
    expect(api.status).toBe(401);
    expect(setCookieOf(api, 'keyrank_session')).toMatch(/^keyrank_session=; .*Max-Age=0/);
    expect(withDb(h.dbPath, (db) => db.prepare('SELECT * FROM auth_sessions').all())).toEqual([]);
    const page = await get('/teams/ENG', cookie);
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/auth/sign-in?return=%2Fteams%2FENG');
    // Signing in again works.
    const again = await signIn(h);
    expect((await get('/api/session', again.cookie)).status).toBe(200);
  });

  it('keeps the session while Linear is unreachable and the token still lives', async () => {
    const { cookie } = await signIn(h);
    h.time += DAY - 5 * 60_000;
    h.oauth.failTokenRequests = 1;
    expect((await get('/api/session', cookie)).status).toBe(200);
    // Once it is back, the next request refreshes.
    expect((await get('/api/session', cookie)).status).toBe(200);
    expect(
      h.oauth.requests.filter((r) => r.form.grant_type === 'refresh_token').map((r) => r.status),
    ).toEqual([503, 200]);
  });

  it('ends the sessions of the old workspace when Keyrank is installed in another', async () => {
    const { cookie } = await signIn(h);
    await h.store.saveAppToken(
      { id: 'org-globex', name: 'Globex' },
      { accessToken: 'a', refreshToken: null, expiresAt: null, scopes: [] },
      h.time,
    );
    expect((await get('/api/session', cookie)).status).toBe(401);
    expect(withDb(h.dbPath, (db) => db.prepare('SELECT * FROM auth_sessions').all())).toEqual([]);
  });

  it('ends a session after 30 days whatever its tokens say', async () => {
    const { cookie } = await signIn(h);
    h.time += 30 * DAY;
    expect((await get('/api/session', cookie)).status).toBe(401);
  });
});

describe('CSRF', () => {
  const cases: {
    name: string;
    headers: (csrf: string) => Record<string, string>;
    status: number;
  }[] = [
    { name: 'missing', headers: () => ({}), status: 403 },
    { name: 'wrong', headers: (csrf) => ({ 'x-csrf-token': `${csrf}x` }), status: 403 },
    { name: 'empty', headers: () => ({ 'x-csrf-token': '' }), status: 403 },
    { name: 'right', headers: (csrf) => ({ 'x-csrf-token': csrf }), status: 200 },
  ];
  for (const { name, headers, status } of cases) {
    it(`answers a POST from a session with a ${name} token: ${status}`, async () => {
      const { cookie } = await signIn(h);
      const csrf = await csrfOf(cookie);
      const answer = await post('/api/roadmap/get', { cookie, ...headers(csrf) });
      expect(answer.status).toBe(status);
      if (status === 403) {
        const { error } = (await answer.json()) as { error: string };
        expect(error).toMatch(/CSRF token/);
        expect(error).toMatch(/reload the page/);
      }
    });
  }

  it('gives each session its own token', async () => {
    const first = await signIn(h);
    const second = await signIn(h);
    const answer = await post('/api/roadmap/get', {
      cookie: second.cookie,
      'x-csrf-token': await csrfOf(first.cookie),
    });
    expect(answer.status).toBe(403);
  });
});

describe('sign-out', () => {
  it('needs the CSRF token: without it the session goes on', async () => {
    const { cookie } = await signIn(h);
    const refused = await post('/auth/sign-out', { cookie });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/CSRF token/);
    expect((await get('/api/session', cookie)).status).toBe(200);
  });

  it('ends the session: the cookie is cleared, the old cookie no longer gets in, the token is revoked', async () => {
    const { cookie } = await signIn(h);
    const csrf = await csrfOf(cookie);
    const token = storedAccessToken();
    const answer = await post(
      '/auth/sign-out',
      { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ csrf }).toString(),
    );
    expect(answer.status).toBe(200);
    expect(await answer.text()).toMatch(/signed out/);
    expect(setCookieOf(answer, 'keyrank_session')).toBe(
      'keyrank_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax',
    );
    expect((await get('/api/session', cookie)).status).toBe(401);
    expect((await get('/', cookie)).status).toBe(302);
    expect(h.oauth.accepts(token)).toBe(false);
    expect(h.oauth.requests.at(-1)).toMatchObject({
      path: '/oauth/revoke',
      form: { token_type_hint: 'refresh_token' },
    });
  });

  it('takes the token in the X-CSRF-Token header too', async () => {
    const { cookie } = await signIn(h);
    const answer = await post('/auth/sign-out', { cookie, 'x-csrf-token': await csrfOf(cookie) });
    expect(answer.status).toBe(200);
    expect((await get('/api/session', cookie)).status).toBe(401);
  });
});

describe('programs and the unauthenticated', () => {
  it('lets a program in with Authorization: Bearer $KEYRANK_API_TOKEN, without CSRF', async () => {
    const answer = await post('/api/roadmap/get', { authorization: `Bearer ${API_TOKEN}` });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ kind: 'program' });
  });

  const bearers = [
    { name: 'a wrong token', authorization: `Bearer ${API_TOKEN}x`, says: 'Invalid bearer token' },
    {
      name: 'a prefix of it',
      authorization: `Bearer ${API_TOKEN.slice(0, 10)}`,
      says: 'Invalid bearer token',
    },
    { name: 'Basic auth', authorization: `Basic ${API_TOKEN}`, says: 'Invalid bearer token' },
  ];
  for (const { name, authorization, says } of bearers) {
    it(`refuses ${name} with 401`, async () => {
      const answer = await post('/api/roadmap/get', { authorization });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(await answer.json()).toEqual({ error: says });
    });
  }

  it('judges a request with a bearer token by the token alone, not by its cookie', async () => {
    const { cookie } = await signIn(h);
    const answer = await get('/api/session', cookie);
    expect(answer.status).toBe(200);
    const both = await fetch(`${h.url}/api/session`, {
      headers: { cookie, authorization: 'Bearer wrong-token-000000000000000' },
    });
    expect(both.status).toBe(401);
  });

  it('walks the route table: pages redirect to sign-in, /api/* answers 401, the rest guard themselves', async () => {
    const kinds = new Set<string>();
    for (const route of ROUTES) {
      const path = route.path.replace(/:[a-z]+/gi, 'ENG-1');
      const answer = await fetch(`${h.url}${path}`, { method: route.method, redirect: 'manual' });
      kinds.add(route.kind);
      if (route.kind === 'page') {
        expect(answer.status, route.path).toBe(302);
        expect(answer.headers.get('location'), route.path).toBe(
          `/auth/sign-in?return=${encodeURIComponent(path)}`,
        );
      } else if (route.kind === 'api') {
        expect(answer.status, route.path).toBe(401);
        expect(await answer.json(), route.path).toEqual({
          error:
            'Sign in with Linear at /auth/sign-in, or send Authorization: Bearer $KEYRANK_API_TOKEN',
        });
      } else if (route.kind !== 'auth') {
        expect(await answer.json(), route.path).toEqual({ through: route.kind });
      }
    }
    expect([...kinds].sort()).toEqual(['api', 'auth', 'page', 'public', 'webhook']);
  });

  it('never writes a Linear token or the client secret to the log', async () => {
    const { cookie } = await signIn(h);
    h.time += DAY;
    await get('/api/session', cookie); // refreshed
    await post('/auth/sign-out', { cookie, 'x-csrf-token': await csrfOf(cookie) });
    h.oauth.signInAs({ ...ANA, organization: { id: 'org-x', name: 'X', urlKey: 'x' } });
    await signIn(h); // refused, revoked
    const log = h.logs.join('');
    expect(h.logs.length).toBeGreaterThanOrEqual(3);
    expect(h.oauth.issued.length).toBeGreaterThan(4);
    for (const secret of [...h.oauth.issued, h.oauth.clientSecret, cookie.split('=')[1] ?? '']) {
      expect(log).not.toContain(secret);
    }
  });
});
