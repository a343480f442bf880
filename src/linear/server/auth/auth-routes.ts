import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import {
  SESSION_LIFETIME_MS,
  PENDING_LIFETIME_MS,
  TooManySignInsError,
  type SessionStore,
} from '../../store/session-store';
import { byteBudget, header, readBody, reply } from '../webhook-route';
import { authPage } from './auth-page';
import { readCookie, secureCookies, SESSION_COOKIE, setCookie, STATE_COOKIE } from './cookies';
import { changesState, CSRF_FIELD, csrfHeader, csrfProblem } from './csrf';
import { completeInstall } from './install-app';
import type { ReadViewer } from './linear-viewer';
import { SIGN_IN_SCOPES, type LinearOAuthClient } from './oauth-client';
import { OAuthClientError, OAuthGrantRefusedError } from './oauth-errors';
import { pkcePair } from './pkce';
import { safeReturnPath } from './return-path';
import { bearerToken, sameSecret } from './same-secret';
import { revokeQuietly, Sessions, type Person } from './sessions';

export interface AuthRoutesOptions {
  store: SessionStore;
  /** Keyrank's OAuth application, redirecting to `<KEYRANK_PUBLIC_URL>/auth/callback`. */
  oauth: LinearOAuthClient;
  /** Who a token belongs to (the real LinearClient at LINEAR_API_URL). */
  readViewer: ReadViewer;
  /** The workspace whose members may sign in: the installation's; undefined until installed. */
  installedOrganization: () => Promise<{ id: string; name: string } | undefined>;
  /** KEYRANK_PUBLIC_URL, without a trailing slash: decides whether cookies are Secure. */
  publicUrl: string;
  /** KEYRANK_API_TOKEN: programs send it as a bearer token; undefined, no program gets in. */
  apiToken: string | undefined;
  now: Clock;
  log: Logger;
}

/** Who is calling: a signed-in member of the workspace, or a program with the API token. */
export type Principal = Person | { kind: 'program' };

/** A sign-out form's body: a CSRF token and little else. */
const SIGN_OUT_MAX_BYTES = 4 * 1024;
const SIGN_OUT_TIMEOUT_MS = 4_000;

/**
 * Sign in with Linear (PRODUCT.md §9): `GET /auth/sign-in`, `GET /auth/callback`,
 * `POST /auth/sign-out`, and the guard every page and `/api/*` route goes through.
 */
export class AuthRoutes {
  readonly sessions: Sessions;
  private readonly secure: boolean;
  private readonly signOutBodies = byteBudget(256 * 1024);

  constructor(private readonly options: AuthRoutesOptions) {
    this.sessions = new Sessions(options);
    this.secure = secureCookies(options.publicUrl);
  }

  /** `GET /auth/sign-in?return=/teams/ENG`: remembers the sign-in and sends the person to Linear. */
  async signIn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = requestUrl(request);
    const returnTo = safeReturnPath(url?.searchParams.get('return'));
    const { verifier, challenge } = pkcePair();
    let state: string;
    try {
      state = await this.options.store.startPending(
        { purpose: 'sign-in', verifier, returnTo },
        this.options.now(),
      );
    } catch (error) {
      if (error instanceof TooManySignInsError) {
        return authPage(response, 503, { title: 'Try again soon', message: error.message });
      }
      throw error;
    }
    response.writeHead(302, {
      Location: this.options.oauth.authorizeUrl({ state, challenge, scopes: SIGN_IN_SCOPES }),
      'Set-Cookie': this.stateCookie(state, PENDING_LIFETIME_MS / 1000),
      'Cache-Control': 'no-store',
    });
    response.end();
  }

  /**
   * `GET /auth/callback?code=…&state=…`: checks the state (this browser started it, once, less
   * than 10 minutes ago), exchanges the code, and lets in members of the installed workspace.
   */
  async callback(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = requestUrl(request);
    const state = url?.searchParams.get('state') ?? '';
    const code = url?.searchParams.get('code') ?? '';
    const clearState = { 'Set-Cookie': this.stateCookie('', 0) };
    const again = { href: '/auth/sign-in', text: 'Sign in with Linear' };
    const refuse = (status: number, title: string, message: string) =>
      authPage(response, status, { title, message, link: again }, clearState);

    const denied = url?.searchParams.get('error');
    if (denied !== null && denied !== undefined) {
      if (state !== '') {
        await this.options.store.takePending(state, this.options.now());
      }
      return refuse(
        400,
        'Sign-in cancelled',
        'Linear did not authorize Keyrank, so you are not signed in.',
      );
    }
    if (state === '' || code === '') {
      return refuse(
        400,
        'Sign-in failed',
        'The link from Linear lacks its code or state; start the sign-in again.',
      );
    }
    const taken = await this.options.store.takePending(state, this.options.now());
    if (taken.kind !== 'ok') {
      return refuse(
        400,
        'Sign-in failed',
        taken.kind === 'expired'
          ? 'The sign-in took more than 10 minutes; start it again.'
          : 'This sign-in link was already used or is unknown; start the sign-in again.',
      );
    }
    const { pending } = taken;
    // A sign-in must come back to the browser that started it; an installation was started by
    // `keyrank linear install` on the server, so no browser holds its state.
    const browserState = readCookie(request, STATE_COOKIE);
    if (
      pending.purpose === 'sign-in' &&
      (browserState === undefined || !sameSecret(state, browserState))
    ) {
      return refuse(
        400,
        'Sign-in failed',
        'This sign-in was not started in this browser (its state does not match); start it again here.',
      );
    }

    try {
      if (pending.purpose === 'install') {
        const installed = await completeInstall(this.options, code, pending.verifier);
        this.options.log.info('Keyrank installed in Linear', { org: installed.orgName });
        return authPage(
          response,
          200,
          {
            title: 'Keyrank is installed',
            message: `Keyrank now writes to ${installed.orgName} as "Keyrank".`,
          },
          clearState,
        );
      }
      const tokens = await this.options.oauth.exchangeCode(code, pending.verifier);
      const viewer = await this.options.readViewer(tokens.accessToken);
      const installed = await this.options.installedOrganization();
      if (installed === undefined || viewer.organization.id !== installed.id) {
        // Not let in: the token is of no use to Keyrank, so Linear can forget it at once.
        await revokeQuietly(this.options, tokens.accessToken, 'access_token');
        this.options.log.info('sign-in refused: not a member of the installed workspace', {
          userId: viewer.id,
          orgId: viewer.organization.id,
        });
        return refuse(
          installed === undefined ? 503 : 403,
          installed === undefined
            ? 'Keyrank is not installed yet'
            : 'Not a member of this workspace',
          installed === undefined
            ? 'An administrator installs Keyrank in Linear first (keyrank linear install); then sign in again.'
            : `You are signed in to Linear as a member of ${viewer.organization.name}, but this Keyrank serves ${installed.name}: only its members can sign in. Switch workspace in Linear, then sign in again.`,
        );
      }
      const { id } = await this.options.store.createSession(
        { userId: viewer.id, userName: viewer.name, orgId: viewer.organization.id },
        tokens,
        this.options.now(),
      );
      this.options.log.info('signed in', { userId: viewer.id, orgId: viewer.organization.id });
      response.writeHead(302, {
        Location: safeReturnPath(pending.returnTo),
        'Set-Cookie': [this.sessionCookie(id, SESSION_LIFETIME_MS / 1000), this.stateCookie('', 0)],
        'Cache-Control': 'no-store',
      });
      response.end();
    } catch (error) {
      if (error instanceof OAuthGrantRefusedError) {
        return refuse(
          400,
          'Sign-in failed',
          'Linear refused the sign-in code: it was already used or has expired. Sign in again.',
        );
      }
      if (error instanceof OAuthClientError) {
        this.options.log.error('Linear refused Keyrank’s OAuth application', {
          error: error.message,
        });
        return refuse(
          500,
          'Sign-in is misconfigured',
          `${error.message}. Tell the administrator of this Keyrank.`,
        );
      }
      this.options.log.warn('sign-in could not reach Linear', { error: (error as Error).message });
      return refuse(
        502,
        'Linear is unavailable',
        'Linear could not be reached to finish the sign-in; try again in a minute.',
      );
    }
  }

  /**
   * `POST /auth/sign-out` with the session's CSRF token (header, or the `csrf` field of a
   * form): deletes the session, revokes its Linear token and clears the cookie.
   */
  async signOut(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const id = readCookie(request, SESSION_COOKIE);
    const session =
      id === undefined ? undefined : await this.options.store.findSession(id, this.options.now());
    const signedOut = () =>
      authPage(
        response,
        200,
        {
          title: 'Signed out',
          message: 'You are signed out of Keyrank.',
          link: { href: '/auth/sign-in', text: 'Sign in again' },
        },
        { 'Set-Cookie': this.sessionCookie('', 0) },
      );
    if (id === undefined || session === undefined) {
      return signedOut();
    }
    let given = csrfHeader(request);
    if (given === undefined) {
      given = await this.formField(request, CSRF_FIELD);
    }
    const problem = csrfProblem(session.csrfToken, given);
    if (problem !== null) {
      return authPage(response, 403, { title: 'Not signed out', message: problem });
    }
    await this.sessions.end(id);
    this.options.log.info('signed out', { userId: session.userId });
    return signedOut();
  }

  /**
   * The caller of a request: a program (`Authorization: Bearer $KEYRANK_API_TOKEN`, compared in
   * constant time) or the person of a live session cookie (refreshing their Linear token when
   * it is about to end). A request with a bearer token is judged by it alone.
   */
  async authenticate(request: IncomingMessage): Promise<Principal | undefined> {
    const authorization = header(request, 'authorization');
    if (authorization !== undefined) {
      const token = bearerToken(authorization);
      const { apiToken } = this.options;
      return token !== undefined && apiToken !== undefined && sameSecret(token, apiToken)
        ? { kind: 'program' }
        : undefined;
    }
    const id = readCookie(request, SESSION_COOKIE);
    if (id === undefined) {
      return undefined;
    }
    const person = await this.sessions.resume(id);
    const installed = await this.options.installedOrganization();
    if (person !== undefined && installed !== undefined && person.orgId !== installed.id) {
      // Keyrank was re-installed in another workspace: sessions of the old one end.
      await this.sessions.end(id);
      return undefined;
    }
    return person;
  }

  /**
   * Lets a request through to a page or `/api/*` route, or answers it: unauthenticated pages get
   * a 302 to sign-in (coming back afterwards), `/api/*` a 401 JSON; a person's state-changing
   * request without the session's CSRF token gets a 403. Programs need no CSRF token: they send
   * no cookies, so no other site can send their requests.
   */
  async guard(
    kind: 'page' | 'api',
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<Principal | undefined> {
    const principal = await this.authenticate(request);
    if (principal === undefined) {
      const hadCookie = readCookie(request, SESSION_COOKIE) !== undefined;
      if (hadCookie) {
        // The session ended: drop the cookie so the browser stops sending it.
        response.setHeader('Set-Cookie', this.sessionCookie('', 0));
      }
      if (kind === 'page') {
        const url = requestUrl(request);
        const back = safeReturnPath(url === null ? '/' : `${url.pathname}${url.search}`);
        response.writeHead(302, {
          Location: `/auth/sign-in?return=${encodeURIComponent(back)}`,
          'Cache-Control': 'no-store',
        });
        response.end();
        return undefined;
      }
      response.setHeader('WWW-Authenticate', 'Bearer');
      reply(
        response,
        401,
        header(request, 'authorization') === undefined
          ? 'Sign in with Linear at /auth/sign-in, or send Authorization: Bearer $KEYRANK_API_TOKEN'
          : 'Invalid bearer token',
      );
      return undefined;
    }
    if (principal.kind === 'person' && changesState(request.method)) {
      const problem = csrfProblem(principal.csrfToken, csrfHeader(request));
      if (problem !== null) {
        if (kind === 'page') {
          authPage(response, 403, { title: 'Refused', message: problem });
        } else {
          reply(response, 403, problem);
        }
        return undefined;
      }
    }
    return principal;
  }

  private sessionCookie(value: string, maxAgeSeconds: number): string {
    return setCookie(SESSION_COOKIE, value, { secure: this.secure, maxAgeSeconds, path: '/' });
  }

  /** Only the callback needs it: scoped to /auth so no other request carries it. */
  private stateCookie(value: string, maxAgeSeconds: number): string {
    return setCookie(STATE_COOKIE, value, { secure: this.secure, maxAgeSeconds, path: '/auth' });
  }

  /** One field of a small urlencoded form body; undefined when absent or unreadable. */
  private async formField(request: IncomingMessage, name: string): Promise<string | undefined> {
    if (
      !/^application\/x-www-form-urlencoded\s*(;|$)/i.test(header(request, 'content-type') ?? '')
    ) {
      return undefined;
    }
    try {
      const body = await readBody(request, {
        maxBodyBytes: SIGN_OUT_MAX_BYTES,
        bodyTimeoutMs: SIGN_OUT_TIMEOUT_MS,
        buffered: this.signOutBodies,
      });
      const value = new URLSearchParams(body.toString('utf8')).get(name);
      return value === null || value === '' ? undefined : value;
    } catch {
      return undefined;
    }
  }
}

function requestUrl(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', 'http://keyrank.invalid');
  } catch {
    return null;
  }
}
