import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResolverResult } from '../../contract/result';
import { ROADMAP_PAYLOADS } from '../../contract/roadmap';
import { formatValidationIssue } from '../../core/index';
import type { LinearApi } from '../api/linear-api';
import type { Logger } from '../logger';
import { listTeams } from '../read/team-backlog';
import type { ScoreStore } from '../store/score-store';
import type { ApiCaller, RoadmapApi } from './api/roadmap-api';
import { authPage } from './auth/auth-page';
import type { AuthRoutes, Principal } from './auth/auth-routes';
import { bearerToken, sameSecret } from './auth/same-secret';
import type { BodyLimits } from './check-in-route';
import type { ScoreLinks } from './score-links';
import { scorePage } from './score-page';
import { decodeSegment, serveRoadmapPage } from './static-files';
import {
  BodyTimeoutError,
  BodyTooLargeError,
  header,
  readBody,
  reply,
  ServerBusyError,
} from './webhook-route';

/** A key of the roadmap contract, served as `POST /api/<key>`. */
export type RoadmapKey = keyof typeof ROADMAP_PAYLOADS;

/**
 * Who acts on Linear for an `/api/roadmap/*` call: a signed-in person with a client on their own
 * OAuth token (so Linear's permissions apply), or a program with the server's client.
 */
export type WebCaller = ApiCaller;

/** The roadmap page's handlers (`roadmapApi(deps)`): one per contract key, never throwing. */
export type RoadmapHandlers = RoadmapApi;

export interface WebOptions {
  /** Sign in with Linear; undefined when LINEAR_OAUTH_CLIENT_ID/SECRET or the public URL lack. */
  auth: AuthRoutes | undefined;
  /**
   * Linear's `organization.urlKey` of the workspace Keyrank serves, once known: the page links
   * issue keys to `https://linear.app/<urlKey>/issue/<KEY>`.
   */
  workspaceUrlKey: () => Promise<string | undefined>;
  /** KEYRANK_API_TOKEN: programs get in with it even when sign-in is not configured. */
  apiToken: string | undefined;
  /** static/roadmap/build: index.html and assets/. */
  pageDir: string;
  roadmap: RoadmapHandlers;
  /** The server's own client (API key or app token): what a program acts with. */
  linear: LinearApi;
  /** A client on a person's OAuth access token. */
  linearAs: (accessToken: string) => LinearApi;
  scores: ScoreStore;
  links: ScoreLinks;
  log: Logger;
}

/** What a page or `/api/*` says while sign-in is off: never open, always what to set. */
export const SIGN_IN_NOT_CONFIGURED =
  'Sign-in is not configured on this Keyrank: set LINEAR_OAUTH_CLIENT_ID, LINEAR_OAUTH_CLIENT_SECRET and KEYRANK_PUBLIC_URL on the server (docs/linear.md §11)';

/** A roadmap call's payload is a few IDs and at most one backlog order: 256 KiB is plenty. */
export const API_MAX_BYTES = 256 * 1024;

/**
 * Lets a page or `/api/*` request in, or answers it. With sign-in: the AuthRoutes guard
 * (302 to sign-in, 401, 403 without the CSRF token). Without: a program's bearer token still
 * gets in; everyone else is told sign-in is not configured (503 page, 401 JSON).
 */
export async function admit(
  kind: 'page' | 'api',
  request: IncomingMessage,
  response: ServerResponse,
  web: WebOptions,
): Promise<Principal | undefined> {
  if (web.auth !== undefined) {
    return web.auth.guard(kind, request, response);
  }
  const token = bearerToken(header(request, 'authorization'));
  if (kind === 'api' && token !== undefined && web.apiToken !== undefined) {
    if (sameSecret(token, web.apiToken)) {
      return { kind: 'program' };
    }
  }
  if (kind === 'page') {
    authPage(response, 503, {
      title: 'Sign-in is not configured',
      message: SIGN_IN_NOT_CONFIGURED,
    });
  } else {
    reply(response, 401, SIGN_IN_NOT_CONFIGURED);
  }
  return undefined;
}

/** `/auth/*` while sign-in is off: the same sentence, as a page. */
export function signInOff(response: ServerResponse): void {
  authPage(response, 503, { title: 'Sign-in is not configured', message: SIGN_IN_NOT_CONFIGURED });
}

/**
 * `GET /`: the roadmap of the first of the person's teams (by key); the page's team picker
 * leads to the others. Read with the person's own token, so only teams they can see count.
 */
export async function homePage(
  response: ServerResponse,
  principal: Principal,
  web: WebOptions,
): Promise<void> {
  let keys: string[];
  try {
    keys = (await listTeams(linearOf(principal, web))).map((team) => team.key).sort();
  } catch (error) {
    web.log.warn('could not list the teams for the home page', {
      error: (error as Error).message,
    });
    return authPage(response, 502, {
      title: 'Linear is unavailable',
      message: 'Linear could not be asked for your teams; reload in a minute.',
      link: { href: '/', text: 'Reload' },
    });
  }
  const first = keys[0];
  if (first === undefined) {
    return authPage(response, 200, {
      title: 'No teams',
      message: 'You are not a member of any Linear team this Keyrank can show.',
    });
  }
  response.writeHead(302, {
    Location: `/teams/${encodeURIComponent(first)}`,
    'Cache-Control': 'no-store',
  });
  response.end();
}

/** Linear team keys are short letters and digits; anything else is not a team of ours. */
const TEAM_KEY = /^[A-Za-z0-9_-]{1,32}$/;

/** `GET /teams/:team`: the roadmap page for a signed-in person. */
export async function teamPage(
  response: ServerResponse,
  rawTeam: string,
  web: WebOptions,
): Promise<void> {
  const team = decodeSegment(rawTeam);
  if (team === null || !TEAM_KEY.test(team)) {
    return authPage(response, 404, {
      title: 'No such team',
      message: 'A team key has letters and digits only, such as ENG.',
      link: { href: '/', text: 'Your teams' },
    });
  }
  return serveRoadmapPage(response, web.pageDir, team.toUpperCase());
}

/**
 * `GET /issues/:identifier?sig=…` for a signed-in member: the score page, still only with the
 * attachment link's signature. A bad signature looks exactly like an unknown issue.
 */
export async function issueScorePage(
  response: ServerResponse,
  rawIdentifier: string,
  url: URL,
  web: WebOptions,
): Promise<void> {
  const identifier = decodeSegment(rawIdentifier);
  if (identifier === null) {
    return reply(response, 400, 'Malformed path');
  }
  const score = web.links.verify(identifier, url.searchParams.get('sig'))
    ? await web.scores.get(identifier)
    : undefined;
  if (score === undefined) {
    return reply(response, 404, 'Not found');
  }
  response.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
    // The signature is in the URL: keep it out of Referer headers and shared caches.
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'private, no-store',
  });
  response.end(scorePage(score));
}

/**
 * `GET /api/session`: who is signed in, the CSRF token the page sends back on each POST, and
 * the workspace's URL key when known (without it the page links issues to Keyrank's own pages).
 */
export async function sessionAnswer(
  response: ServerResponse,
  principal: Principal,
  web: Pick<WebOptions, 'workspaceUrlKey'>,
): Promise<void> {
  const workspaceUrlKey = await web.workspaceUrlKey();
  json(response, 200, {
    ...(principal.kind === 'program'
      ? { program: true }
      : {
          name: principal.userName,
          csrfToken: principal.csrfToken,
          signOutUrl: '/auth/sign-out',
        }),
    ...(workspaceUrlKey !== undefined && { workspaceUrlKey }),
  });
}

/**
 * `POST /api/roadmap/<key>`: the JSON body checked against the contract's schema, then the
 * handler as the caller. Answers the `ResolverResult` with 200, as Jira's `invoke` does; a
 * payload the schema refuses is `invalid-input` (200) like Jira's resolver framework. Only a
 * body that cannot be read as JSON is a 4xx.
 */
export async function roadmapCall(
  key: RoadmapKey,
  request: IncomingMessage,
  response: ServerResponse,
  principal: Principal,
  web: WebOptions,
  limits: BodyLimits,
): Promise<void> {
  const type = header(request, 'content-type');
  if (type === undefined || !/^application\/json\s*(;|$)/i.test(type)) {
    return reply(response, 415, 'Send the payload as JSON (Content-Type: application/json)', true);
  }
  const raw = await readLimited(request, response, {
    ...limits,
    maxBodyBytes: Math.min(limits.maxBodyBytes, API_MAX_BYTES),
  });
  if (raw === undefined) {
    return;
  }
  let body: unknown;
  try {
    body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch {
    return reply(response, 400, 'The body is not JSON: send the payload as a JSON object');
  }
  const parsed = ROADMAP_PAYLOADS[key].safeParse(body);
  if (!parsed.success) {
    return json(response, 200, {
      ok: false,
      error: {
        kind: 'invalid-input',
        message: 'Nothing was changed — fix these first:',
        problems: parsed.error.issues.map((issue) => formatValidationIssue(issue, body)),
      },
    });
  }
  const caller: WebCaller =
    principal.kind === 'program'
      ? { kind: 'program', linear: web.linear }
      : {
          kind: 'person',
          linear: web.linearAs(principal.accessToken),
          userId: principal.userId,
          name: principal.userName,
        };
  const handler = web.roadmap[key] as (
    payload: unknown,
    caller: WebCaller,
  ) => Promise<ResolverResult<unknown>>;
  let result: ResolverResult<unknown>;
  try {
    result = await handler(parsed.data, caller);
  } catch (error) {
    // Handlers answer typed errors; one that throws is a bug, said without internals.
    web.log.error('roadmap call failed', { key, error: (error as Error).message });
    result = {
      ok: false,
      error: {
        kind: 'jira-error',
        message: 'Keyrank could not finish this — try again in a minute',
      },
    };
  }
  json(response, 200, result);
}

function linearOf(principal: Principal, web: WebOptions): LinearApi {
  return principal.kind === 'program' ? web.linear : web.linearAs(principal.accessToken);
}

/** The body within the limits, or undefined once the refusal (413, 408, 503, 400) is sent. */
async function readLimited(
  request: IncomingMessage,
  response: ServerResponse,
  limits: BodyLimits,
): Promise<Buffer | undefined> {
  // Trusted only as an early exit: readBody enforces the limit on the bytes that arrive.
  if (Number(request.headers['content-length'] ?? 0) > limits.maxBodyBytes) {
    reply(response, 413, `The body is over ${limits.maxBodyBytes} bytes`, true);
    return undefined;
  }
  try {
    return await readBody(request, limits);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      reply(response, 413, `The body is over ${limits.maxBodyBytes} bytes`, true);
    } else if (error instanceof BodyTimeoutError) {
      reply(response, 408, 'Body not received in time', true);
    } else if (error instanceof ServerBusyError) {
      response.setHeader('Retry-After', '5');
      reply(response, 503, 'Busy; try again in a few seconds', true);
    } else {
      reply(response, 400, 'Unreadable body', true);
    }
    return undefined;
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(JSON.stringify(body));
}
