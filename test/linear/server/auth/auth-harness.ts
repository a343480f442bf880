import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppTokens } from '../../../../src/linear/server/auth/app-token';
import { AuthRoutes } from '../../../../src/linear/server/auth/auth-routes';
import { linearViewer } from '../../../../src/linear/server/auth/linear-viewer';
import {
  LinearOAuthClient,
  oauthEndpoints,
  type TokenSet,
} from '../../../../src/linear/server/auth/oauth-client';
import { matchRoute } from '../../../../src/linear/server/auth/route-table';
import { jsonLogger } from '../../../../src/linear/logger';
import type { Database } from '../../../../src/linear/store/database/database';
import { openDatabase } from '../../../../src/linear/store/database/open-database';
import { SessionStore } from '../../../../src/linear/store/session-store';
import { ACME, LocalOAuth } from '../../support/local-oauth';

export const API_TOKEN = 'keyrank-api-token-0123456789abcdef';
/** The address people use; https, so cookies are Secure. Requests go to the local port. */
export const PUBLIC_URL = 'https://keyrank.example.com';

/**
 * A tiny server mounting the auth handlers as `keyrank serve` will: /auth/* to the routes,
 * pages and /api/* through the guard (answering who got in), everything else through, all
 * against a local Linear OAuth server and a real database file, on a clock the test moves.
 */
export class AuthHarness {
  time = Date.parse('2026-11-30T12:00:00Z');
  readonly clock = () => this.time;
  readonly oauth = new LocalOAuth(this.clock);
  logs: string[] = [];
  url = '';
  dbPath = join(mkdtempSync(join(tmpdir(), 'keyrank-auth-')), 'keyrank.db');
  db!: Database;
  store!: SessionStore;
  routes!: AuthRoutes;
  private server: Server | undefined;

  /** `installed`: the app token of ACME is stored, as after `keyrank linear install`. */
  async start(options: { installed?: boolean; apiToken?: string } = {}): Promise<void> {
    await this.oauth.start();
    this.oauth.redirectUris.push(`${PUBLIC_URL}/auth/callback`);
    this.db = await openDatabase(this.dbPath);
    this.store = await SessionStore.open(this.db);
    const log = jsonLogger((line) => this.logs.push(line), [], this.clock);
    const client = new LinearOAuthClient({
      clientId: this.oauth.clientId,
      clientSecret: this.oauth.clientSecret,
      redirectUri: `${PUBLIC_URL}/auth/callback`,
      endpoints: oauthEndpoints(this.oauth.url),
      now: this.clock,
    });
    if (options.installed !== false) {
      await this.store.saveAppToken(ACME, appTokens(), this.time);
    }
    const app = new AppTokens({ store: this.store, oauth: client, now: this.clock, log });
    this.routes = new AuthRoutes({
      store: this.store,
      oauth: client,
      readViewer: linearViewer(this.oauth.apiUrl),
      installedOrganization: () => app.installedOrganization(),
      publicUrl: PUBLIC_URL,
      apiToken: 'apiToken' in options ? options.apiToken : API_TOKEN,
      now: this.clock,
      log,
    });
    this.server = createServer((request, response) => {
      void this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
    await this.db.close();
    await this.oauth.close();
  }

  /** The server's own address for a URL Linear redirected to (the public callback). */
  local(publicUrl: string): string {
    return publicUrl.replace(PUBLIC_URL, this.url);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { pathname } = new URL(request.url ?? '/', this.url);
    const route = matchRoute(request.method, pathname);
    if (route === undefined) {
      response.writeHead(404).end();
      return;
    }
    if (route.path === '/auth/sign-in') {
      return this.routes.signIn(request, response);
    }
    if (route.path === '/auth/callback') {
      return this.routes.callback(request, response);
    }
    if (route.path === '/auth/sign-out') {
      return this.routes.signOut(request, response);
    }
    if (route.kind === 'page' || route.kind === 'api') {
      const principal = await this.routes.guard(route.kind, request, response);
      if (principal === undefined) {
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify(
          principal.kind === 'person'
            ? { kind: 'person', userId: principal.userId, csrfToken: principal.csrfToken }
            : { kind: 'program' },
        ),
      );
      return;
    }
    // webhook and public routes guard themselves; the stub only shows they got through.
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ through: route.kind }));
  }
}

/** A stored installation whose tokens nobody uses in these tests. */
function appTokens(): TokenSet {
  return {
    accessToken: 'app-token-unused',
    refreshToken: null,
    expiresAt: null,
    scopes: ['read', 'write'],
  };
}

/** The browser's side: follows sign-in through the local Linear, keeping the cookies it sets. */
export interface SignedIn {
  /** The callback's answer. */
  response: Response;
  /** `keyrank_session=<id>`, ready for a Cookie header; '' when none was set. */
  cookie: string;
  callbackUrl: string;
  stateCookie: string;
}

export async function startSignIn(
  h: AuthHarness,
  returnTo = '/teams/ENG',
): Promise<{ authorizeUrl: string; stateCookie: string; response: Response }> {
  const response = await fetch(`${h.url}/auth/sign-in?return=${encodeURIComponent(returnTo)}`, {
    redirect: 'manual',
  });
  const stateCookie = cookiePair(response, 'keyrank_oauth_state');
  return { authorizeUrl: response.headers.get('location') ?? '', stateCookie, response };
}

/** Linear's authorize page, as the person clicking "Authorize": answers where it sends them. */
export async function authorize(authorizeUrl: string): Promise<string> {
  const answer = await fetch(authorizeUrl, { redirect: 'manual' });
  if (answer.status !== 302) {
    throw new Error(`authorize answered ${answer.status}: ${await answer.text()}`);
  }
  return answer.headers.get('location') ?? '';
}

export async function signIn(h: AuthHarness, returnTo = '/teams/ENG'): Promise<SignedIn> {
  const started = await startSignIn(h, returnTo);
  const callbackUrl = h.local(await authorize(started.authorizeUrl));
  const response = await fetch(callbackUrl, {
    redirect: 'manual',
    headers: { cookie: started.stateCookie },
  });
  return {
    response,
    cookie: cookiePair(response, 'keyrank_session'),
    callbackUrl,
    stateCookie: started.stateCookie,
  };
}

/** `name=value` of a Set-Cookie the answer carries with a value, else ''. */
export function cookiePair(response: Response, name: string): string {
  const found = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((pair) => pair.startsWith(`${name}=`) && pair.length > name.length + 1);
  return found ?? '';
}

export function setCookieOf(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
}
