import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LinearWebhookClient } from '@linear/sdk/webhooks';
import type { Logger } from '../logger';
import type { EventQueue } from '../store/event-queue';
import { ROADMAP_PAYLOADS } from '../../contract/roadmap';
import { allowedMethods, matchRoute, routeParams } from './auth/route-table';
import { handleCheckIn, type BodyLimits, type CheckInRouteOptions } from './check-in-route';
import type { HealthCheck } from './health';
import { serveAsset } from './static-files';
import {
  admit,
  homePage,
  issueScorePage,
  roadmapCall,
  sessionAnswer,
  signInOff,
  teamPage,
  type RoadmapKey,
  type WebOptions,
} from './web-routes';
import { byteBudget, handleWebhook, reply } from './webhook-route';

export interface HttpServerOptions {
  verifier: LinearWebhookClient;
  events: EventQueue;
  health: HealthCheck;
  log: Logger;
  /** Called when an event was accepted, so the worker looks at once. */
  accepted: () => void;
  /** POST /api/key-results/<id>/check-ins (off, saying so, without KEYRANK_API_TOKEN). */
  checkIns: CheckInRouteOptions;
  /** Sign in with Linear, the roadmap page and its API, the score pages. */
  web: WebOptions;
  limits?: Partial<ServerLimits>;
}

export interface ServerLimits {
  /** One webhook body. Linear's payloads are a few kilobytes; a megabyte leaves room. */
  maxBodyBytes: number;
  /** All bodies being read at once, together. */
  maxBufferedBytes: number;
  /** Open connections; more are refused at once (Node closes them). */
  maxConnections: number;
  /** From a request's first byte to its last header. */
  headersTimeoutMs: number;
  /** From a request's first byte to its last body byte. */
  requestTimeoutMs: number;
}

/**
 * Linear gives up at 5 s, so every limit cuts a slow client off well before that. Node checks
 * headersTimeout and requestTimeout only every `connectionsCheckingInterval` (30 s by default,
 * why 4 s limits once took 23 s), so the interval is short and the body has its own deadline.
 */
export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 1024 * 1024,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxConnections: 256,
  headersTimeoutMs: 3_000,
  requestTimeoutMs: 4_000,
};
const CHECK_INTERVAL_MS = 250;

/**
 * The HTTP face of `keyrank serve`: every route of the route table (auth/route-table.ts) — the
 * webhook, the health check, sign-in, the roadmap page and its API, the score pages and the
 * push check-ins — each let in as its kind says; any other path is 404.
 * Every answer is JSON or HTML with a real status, never a stack trace.
 */
export function httpServer(options: HttpServerOptions): Server {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const buffered = byteBudget(limits.maxBufferedBytes);
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: CHECK_INTERVAL_MS,
      keepAliveTimeout: limits.headersTimeoutMs,
    },
    (request, response) => {
      const done = (error: unknown): void => {
        options.log.error('request failed', {
          // The path only: a score page's query carries its signature.
          route: `${request.method ?? ''} ${(request.url ?? '').split('?')[0]}`.slice(0, 200),
          error: (error as Error).message,
        });
        if (!response.headersSent) {
          reply(response, 500, 'Internal error');
        }
      };
      try {
        route(request, response, options, limits, buffered, done);
      } catch (error) {
        done(error);
      }
    },
  );
  server.maxConnections = limits.maxConnections;
  // A socket silent this long is closed: a connection that never sends a byte has no request
  // for headersTimeout to time.
  server.setTimeout(limits.requestTimeoutMs);
  return server;
}

function route(
  request: IncomingMessage,
  response: ServerResponse,
  options: HttpServerOptions,
  limits: ServerLimits,
  buffered: ReturnType<typeof byteBudget>,
  done: (error: unknown) => void,
): void {
  const url = parseUrl(request.url);
  if (url === null) {
    return reply(response, 400, 'Malformed path', true);
  }
  // Every request goes through the one table that says how each route is guarded.
  const entry = matchRoute(request.method, url.pathname);
  if (entry === undefined) {
    const allowed = allowedMethods(url.pathname);
    if (allowed.length === 0) {
      return reply(response, 404, 'Not found');
    }
    response.setHeader('Allow', allowed.join(', '));
    return reply(response, 405, `Method not allowed: use ${allowed.join(' or ')}`, true);
  }
  const params = routeParams(entry, url.pathname);
  const bodyLimits = {
    maxBodyBytes: limits.maxBodyBytes,
    bodyTimeoutMs: limits.requestTimeoutMs,
    buffered,
  };
  switch (entry.kind) {
    case 'webhook':
      handleWebhook(request, response, {
        verifier: options.verifier,
        events: options.events,
        log: options.log,
        ...bodyLimits,
        accepted: options.accepted,
      }).catch(done);
      return;
    case 'public':
      if (entry.path === '/healthz') {
        options.health.answer(response).catch(done);
        return;
      }
      serveAsset(response, options.web.pageDir, params.file ?? '').catch(done);
      return;
    case 'auth':
      authRoute(entry.path, request, response, options.web).catch(done);
      return;
    case 'page':
      page(entry.path, params, url, request, response, options.web).catch(done);
      return;
    case 'api':
      if (entry.path === CHECK_IN_ROUTE) {
        // Pushed by programs: the route checks KEYRANK_API_TOKEN itself, before any byte of the
        // body, and works whether or not sign-in is configured.
        handleCheckIn(request, response, params.id ?? '', options.checkIns, bodyLimits).catch(done);
        return;
      }
      api(entry.path, request, response, options.web, bodyLimits).catch(done);
      return;
  }
}

const CHECK_IN_ROUTE = '/api/key-results/:id/check-ins';

async function authRoute(
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
  web: WebOptions,
): Promise<void> {
  if (web.auth === undefined) {
    return signInOff(response);
  }
  if (path === '/auth/sign-in') {
    return web.auth.signIn(request, response);
  }
  if (path === '/auth/callback') {
    return web.auth.callback(request, response);
  }
  return web.auth.signOut(request, response);
}

async function page(
  path: string,
  params: Record<string, string>,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
  web: WebOptions,
): Promise<void> {
  const principal = await admit('page', request, response, web);
  if (principal === undefined) {
    return;
  }
  if (path === '/') {
    return homePage(response, principal, web);
  }
  if (path === '/teams/:team') {
    return teamPage(response, params.team ?? '', web);
  }
  return issueScorePage(response, params.identifier ?? '', url, web);
}

async function api(
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
  web: WebOptions,
  limits: BodyLimits,
): Promise<void> {
  const principal = await admit('api', request, response, web);
  if (principal === undefined) {
    return;
  }
  if (path === '/api/session') {
    return sessionAnswer(response, principal, web);
  }
  const key = path.slice('/api/'.length);
  if (!isRoadmapKey(key)) {
    // The table and this switch disagree: a bug, answered without internals.
    throw new Error(`no handler for ${path}`);
  }
  return roadmapCall(key, request, response, principal, web, limits);
}

function isRoadmapKey(key: string): key is RoadmapKey {
  return Object.hasOwn(ROADMAP_PAYLOADS, key);
}

function parseUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://keyrank.local');
  } catch {
    return null;
  }
}
