import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/cli/errors';
import type { Io } from '../../../../src/cli/io';
import { linearCommand } from '../../../../src/cli/linear-command';
import { linearViewer } from '../../../../src/linear/server/auth/linear-viewer';
import { SessionStore, type AppToken } from '../../../../src/linear/store/session-store';
import { withDatabase } from '../../store/databases';
import { ACME, APP_USER, LocalOAuth } from '../../support/local-oauth';
import { AuthHarness, PUBLIC_URL, signIn } from './auth-harness';

let oauth: LocalOAuth;
let dbPath: string;
let out: string;
let err: string;

function io(env: Record<string, string | undefined> = {}): Io {
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    readFile: () => '',
    today: () => '2026-11-30',
    env: {
      LINEAR_OAUTH_CLIENT_ID: oauth.clientId,
      LINEAR_OAUTH_CLIENT_SECRET: oauth.clientSecret,
      LINEAR_OAUTH_URL: oauth.url,
      LINEAR_API_URL: oauth.apiUrl,
      KEYRANK_PUBLIC_URL: PUBLIC_URL,
      KEYRANK_DB: dbPath,
      ...env,
    },
  };
}

function storedApp(): Promise<AppToken | undefined> {
  return withDatabase(dbPath, async (db) => (await SessionStore.open(db)).appToken());
}

/** The person clicking "Authorize" on the URL the command printed; answers Linear's redirect. */
async function authorizePrinted(): Promise<URL> {
  const printed = /https?:\/\/\S+\/oauth\/authorize\S+/.exec(out)?.[0] ?? '';
  const answer = await fetch(printed, { redirect: 'manual' });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location') ?? '');
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeEach(async () => {
  oauth = new LocalOAuth();
  await oauth.start();
  dbPath = join(mkdtempSync(join(tmpdir(), 'keyrank-install-')), 'keyrank.db');
  out = '';
  err = '';
});
afterEach(async () => {
  await oauth.close();
});

describe('keyrank linear install', () => {
  it('prints the authorize URL with actor=app, takes the loopback redirect and stores the app token', async () => {
    const running = linearCommand(['install', '--port', '0'], io(), () => Date.now());
    await until(() => out.includes('/oauth/authorize'));
    const printed = new URL(/http:\/\/\S+\/oauth\/authorize\S+/.exec(out)?.[0] ?? '');
    expect(printed.searchParams.get('actor')).toBe('app');
    expect(printed.searchParams.get('scope')).toBe('read,write');
    expect(printed.searchParams.get('code_challenge_method')).toBe('S256');
    const redirectUri = printed.searchParams.get('redirect_uri') ?? '';
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/callback$/);
    oauth.redirectUris.push(redirectUri); // registered in the OAuth application

    const back = await authorizePrinted();
    const page = await fetch(back);
    expect(page.status).toBe(200);
    expect(await running).toBe(0);
    expect(out).toContain('Installed Keyrank in Acme (scopes: read, write).');

    const app = await storedApp();
    expect(app).toMatchObject({
      orgId: ACME.id,
      orgName: ACME.name,
      orgUrlKey: ACME.urlKey,
      scopes: ['read', 'write'],
    });
    expect(oauth.accepts(app?.accessToken ?? '')).toBe(true);
    expect(app?.refreshToken).toMatch(/^lin_refresh_/);
    expect((await linearViewer(oauth.apiUrl)(app?.accessToken ?? '')).id).toBe(APP_USER.id);
    // Tokens are stored, never printed.
    for (const token of oauth.issued) {
      expect(out + err).not.toContain(token);
    }
  });

  it('with --no-wait, then --code and --state, installs through the public callback', async () => {
    oauth.redirectUris.push(`${PUBLIC_URL}/auth/callback`);
    expect(await linearCommand(['install', '--no-wait'], io(), () => Date.now())).toBe(0);
    const back = await authorizePrinted();
    expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_URL}/auth/callback`);
    const code = back.searchParams.get('code') ?? '';
    const state = back.searchParams.get('state') ?? '';

    out = '';
    const args = ['install', '--code', code, '--state', state];
    expect(await linearCommand(args, io(), () => Date.now())).toBe(0);
    expect(out).toContain('Installed Keyrank in Acme');
    expect((await storedApp())?.orgId).toBe(ACME.id);

    // The state is spent: the same command again is refused, saying what to do.
    await expect(linearCommand(args, io(), () => Date.now())).rejects.toThrow(
      /not an installation under way.*--no-wait/,
    );
  });

  it('names the missing OAuth variables', async () => {
    const attempt = linearCommand(
      ['install'],
      io({ LINEAR_OAUTH_CLIENT_ID: undefined, LINEAR_OAUTH_CLIENT_SECRET: '' }),
      () => Date.now(),
    );
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      /LINEAR_OAUTH_CLIENT_ID is not set[\s\S]*LINEAR_OAUTH_CLIENT_SECRET is not set/,
    );
  });

  it('takes a code and state that begin with a dash as values (one base64url token in 64 does)', async () => {
    const args = ['install', '--code', '-Zk3_code', '--state', '-q9-state'];
    await expect(linearCommand(args, io(), () => Date.now())).rejects.toThrow(
      /not an installation under way/,
    );
  });

  it('refuses --code without --state', async () => {
    await expect(linearCommand(['install', '--code', 'x'], io(), () => Date.now())).rejects.toThrow(
      /--code and --state go together/,
    );
  });
});

describe('installing through the server’s callback', () => {
  let h: AuthHarness;
  afterEach(async () => {
    await h.close();
  });

  it('stores the app token when Linear comes back to /auth/callback, and then members can sign in', async () => {
    h = new AuthHarness();
    await h.start({ installed: false });
    await oauth.close();
    oauth = h.oauth; // the harness's local Linear, on its clock
    dbPath = h.dbPath;
    expect(await linearCommand(['install', '--no-wait'], io(), h.clock)).toBe(0);
    const back = await authorizePrinted();
    // No state cookie: `keyrank linear install` on the server started it, not this browser.
    const answer = await fetch(h.local(back.toString()), { redirect: 'manual' });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('Keyrank now writes to Acme as &#34;Keyrank&#34;');
    expect((await h.store.appToken())?.orgId).toBe(ACME.id);
    // The token is the application's (actor=app): its viewer is the app user, not a person.
    const viewer = await linearViewer(oauth.apiUrl)((await h.store.appToken())?.accessToken ?? '');
    expect(viewer.id).toBe(APP_USER.id);

    const member = await signIn(h);
    expect(member.response.status).toBe(302);
  });
});
