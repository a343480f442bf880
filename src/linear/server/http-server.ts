import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LinearWebhookClient } from '@linear/sdk/webhooks';
import type { Logger } from '../logger';
import type { EventQueue } from '../store/event-queue';
import type { ScoreStore } from '../store/score-store';
import { CHECK_IN_PATH, handleCheckIn, type CheckInRouteOptions } from './check-in-route';
import type { HealthCheck } from './health';
import type { ScoreLinks } from './score-links';
import { scorePage } from './score-page';
import { byteBudget, handleWebhook, reply } from './webhook-route';

export interface HttpServerOptions {
  verifier: LinearWebhookClient;
  events: EventQueue;
  scores: ScoreStore;
  health: HealthCheck;
  log: Logger;
  links: ScoreLinks;
  /** Called when an event was accepted, so the worker looks at once. */
  accepted: () => void;
  /** POST /api/key-results/<id>/check-ins (off, saying so, without KEYRANK_API_TOKEN). */
  checkIns: CheckInRouteOptions;
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
 * The HTTP face of `keyrank serve`: the webhook, the health check, the score pages and the
 * push check-ins.
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
  if (url.pathname === '/webhooks/linear') {
    if (request.method !== 'POST') {
      return reply(response, 405, 'Method not allowed');
    }
    handleWebhook(request, response, {
      verifier: options.verifier,
      events: options.events,
      log: options.log,
      maxBodyBytes: limits.maxBodyBytes,
      bodyTimeoutMs: limits.requestTimeoutMs,
      buffered,
      accepted: options.accepted,
    }).catch(done);
    return;
  }
  const checkIn = CHECK_IN_PATH.exec(url.pathname);
  if (checkIn) {
    handleCheckIn(request, response, checkIn[1] ?? '', options.checkIns, {
      maxBodyBytes: limits.maxBodyBytes,
      bodyTimeoutMs: limits.requestTimeoutMs,
      buffered,
    }).catch(done);
    return;
  }
  if (request.method === 'GET' && url.pathname === '/healthz') {
    options.health.answer(response);
    return;
  }
  const page = /^\/issues\/([^/]+)$/.exec(url.pathname);
  if (request.method === 'GET' && page) {
    const identifier = decode(page[1] ?? '');
    if (identifier === null) {
      return reply(response, 400, 'Malformed path');
    }
    // A bad signature looks exactly like an unknown issue: nothing tells which issues exist.
    const score = options.links.verify(identifier, url.searchParams.get('sig'))
      ? options.scores.get(identifier)
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
    return;
  }
  reply(response, 404, 'Not found');
}

function parseUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://keyrank.local');
  } catch {
    return null;
  }
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
