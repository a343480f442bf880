import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withDb } from '../../support/inbox-db';
import { ANA, BOB } from '../../support/local-oauth';
import {
  AuthHarness,
  authorize,
  cookiePair,
  PUBLIC_URL,
  setCookieOf,
  signIn,
  startSignIn,
} from './auth-harness';

let h: AuthHarness;
afterEach(async () => {
  await h.close();
});

async function session(cookie: string): Promise<Response> {
  return fetch(`${h.url}/api/session`, { headers: { cookie } });
}

describe('Sign in with Linear', () => {
  beforeEach(async () => {
    h = new AuthHarness();
    await h.start();
  });

  it('sends the person to Linear with PKCE (S256), a state and the scopes read,write', async () => {
    const { authorizeUrl, response } = await startSignIn(h);
    expect(response.status).toBe(302);
    const url = new URL(authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${h.oauth.url}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: h.oauth.clientId,
      redirect_uri: `${PUBLIC_URL}/auth/callback`,
      response_type: 'code',
      scope: 'read,write',
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
      code_challenge_method: 'S256',
    });
    // The state is bound to this browser by a cookie only the callback path receives.
    expect(setCookieOf(response, 'keyrank_oauth_state')).toBe(
      `keyrank_oauth_state=${url.searchParams.get('state')}; Path=/auth; Max-Age=600; HttpOnly; Secure; SameSite=Lax`,
    );
  });

  it('lets a member of the installed workspace in, back to the page they came from', async () => {
    const signedIn = await signIn(h, '/teams/ENG?cycle=next');
    expect(signedIn.response.status).toBe(302);
    expect(signedIn.response.headers.get('location')).toBe('/teams/ENG?cycle=next');
    const answer = await session(signedIn.cookie);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ kind: 'person', userId: ANA.id });
    // The code exchange proved PKCE: the verifier sent hashes to the challenge Linear was given.
    const exchange = h.oauth.requests.find((r) => r.form.grant_type === 'authorization_code');
    expect(exchange?.status).toBe(200);
    expect(exchange?.form).toMatchObject({
      redirect_uri: `${PUBLIC_URL}/auth/callback`,
      client_id: h.oauth.clientId,
      code_verifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
    });
  });

  it('sets the session cookie with exactly HttpOnly, Secure, SameSite=Lax and Path=/', async () => {
    const { response } = await signIn(h);
    const cookie = setCookieOf(response, 'keyrank_session') ?? '';
    const [pair, ...attributes] = cookie.split('; ');
    expect(pair).toMatch(/^keyrank_session=[A-Za-z0-9_-]{43}$/);
    expect(attributes.sort()).toEqual(
      ['HttpOnly', 'Max-Age=2592000', 'Path=/', 'SameSite=Lax', 'Secure'].sort(),
    );
    // The state cookie is spent.
    expect(setCookieOf(response, 'keyrank_oauth_state')).toMatch(
      /^keyrank_oauth_state=; .*Max-Age=0/,
    );
  });

  it('stores the session id only hashed', async () => {
    const { cookie } = await signIn(h);
    const id = cookie.split('=')[1] ?? '';
    const rows = withDb(h.dbPath, (db) => db.prepare('SELECT id_hash FROM auth_sessions').all());
    expect(rows).toEqual([{ id_hash: createHash('sha256').update(id).digest('hex') }]);
  });

  const refusals: {
    name: string;
    tamper: (callback: URL, stateCookie: string) => { url: URL; cookie: string };
    status: number;
    says: RegExp;
  }[] = [
    {
      name: 'a wrong state',
      tamper: (url, cookie) => {
        url.searchParams.set('state', 'x'.repeat(43));
        return { url, cookie };
      },
      status: 400,
      says: /already used or is unknown/,
    },
    {
      name: 'no state',
      tamper: (url, cookie) => {
        url.searchParams.delete('state');
        return { url, cookie };
      },
      status: 400,
      says: /lacks its code or state/,
    },
    {
      name: 'a callback opened in another browser (no state cookie)',
      tamper: (url) => ({ url, cookie: '' }),
      status: 400,
      says: /not started in this browser/,
    },
  ];
  for (const { name, tamper, status, says } of refusals) {
    it(`refuses ${name} with a ${status} page and no session`, async () => {
      const started = await startSignIn(h);
      const callback = new URL(h.local(await authorize(started.authorizeUrl)));
      const { url, cookie } = tamper(callback, started.stateCookie);
      const answer = await fetch(url, { redirect: 'manual', headers: { cookie } });
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await answer.text()).toMatch(says);
      expect(cookiePair(answer, 'keyrank_session')).toBe('');
    });
  }

  it('answers a replayed callback (state already used) with 400', async () => {
    const first = await signIn(h);
    const replay = await fetch(first.callbackUrl, {
      redirect: 'manual',
      headers: { cookie: first.stateCookie },
    });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toMatch(/already used/);
  });

  it('refuses a reused code: Linear answers invalid_grant and no session is made', async () => {
    const first = await signIn(h);
    const usedCode = new URL(first.callbackUrl).searchParams.get('code') ?? '';
    // A fresh sign-in (new state, new verifier) carrying the code of the first one.
    const second = await startSignIn(h);
    const callback = new URL(h.local(await authorize(second.authorizeUrl)));
    callback.searchParams.set('code', usedCode);
    const answer = await fetch(callback, {
      redirect: 'manual',
      headers: { cookie: second.stateCookie },
    });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/Linear refused the sign-in code/);
    expect(cookiePair(answer, 'keyrank_session')).toBe('');
    expect(h.oauth.requests.at(-1)).toMatchObject({ status: 400 });
  });

  it('refuses a sign-in that took more than 10 minutes', async () => {
    const started = await startSignIn(h);
    const callback = h.local(await authorize(started.authorizeUrl));
    h.time += 10 * 60_000 + 1;
    const answer = await fetch(callback, {
      redirect: 'manual',
      headers: { cookie: started.stateCookie },
    });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/more than 10 minutes/);
  });

  it('says so when the person cancels in Linear', async () => {
    h.oauth.deny = true;
    const started = await startSignIn(h);
    const answer = await fetch(h.local(await authorize(started.authorizeUrl)), {
      redirect: 'manual',
      headers: { cookie: started.stateCookie },
    });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/did not authorize Keyrank/);
  });

  it('refuses a member of another organization with a 403 page naming both, and revokes the token', async () => {
    h.oauth.signInAs(BOB);
    const { response, cookie } = await signIn(h);
    expect(response.status).toBe(403);
    const page = await response.text();
    expect(page).toContain('member of Globex');
    expect(page).toContain('serves Acme');
    expect(cookie).toBe('');
    const issued = h.oauth.issued.filter((t) => t.startsWith('lin_oauth_'));
    expect(issued).toHaveLength(1);
    expect(h.oauth.accepts(issued[0] ?? '')).toBe(false);
    expect(withDb(h.dbPath, (db) => db.prepare('SELECT * FROM auth_sessions').all())).toEqual([]);
  });

  it('only returns to paths on this server', async () => {
    for (const evil of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const { response } = await signIn(h, evil);
      expect(response.headers.get('location')).toBe('/');
    }
  });
});

describe('Sign in before Keyrank is installed', () => {
  beforeEach(async () => {
    h = new AuthHarness();
    await h.start({ installed: false });
  });

  it('answers 503 saying an administrator installs Keyrank first', async () => {
    const { response, cookie } = await signIn(h);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/keyrank linear install/);
    expect(cookie).toBe('');
  });
});
