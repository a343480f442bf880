import { createServer, type Server } from 'node:http';
import type { LinearWebhookClient } from '@linear/sdk/webhooks';
import type { Inbox } from './inbox';
import type { Logger } from './logger';
import { scorePage } from './score-page';
import { handleWebhook, reply } from './webhook-route';

export interface ServerOptions {
  verifier: LinearWebhookClient;
  inbox: Inbox;
  log: Logger;
  /** Called when an event was accepted, so the worker looks at once. */
  accepted: () => void;
  maxBodyBytes?: number;
}

/** Linear's payloads are a few kilobytes; a megabyte leaves room and stops abuse early. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The HTTP face of `keyrank serve`: the webhook, the health check and the score pages.
 * Every answer is JSON or HTML with a real status, never a stack trace.
 */
export function keyrankServer(options: ServerOptions): Server {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://keyrank.local');
    const route = `${request.method ?? ''} ${url.pathname}`;
    const done = (error: unknown): void => {
      options.log.error('request failed', { route, error: (error as Error).message });
      if (!response.headersSent) {
        reply(response, 500, 'Internal error');
      }
    };
    try {
      if (url.pathname === '/webhooks/linear') {
        if (request.method !== 'POST') {
          return reply(response, 405, 'Method not allowed');
        }
        handleWebhook(request, response, {
          verifier: options.verifier,
          inbox: options.inbox,
          log: options.log,
          maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
          accepted: options.accepted,
        }).catch(done);
        return;
      }
      if (route === 'GET /healthz') {
        return reply(response, 200, 'ok');
      }
      const page = /^\/issues\/([^/]+)$/.exec(url.pathname);
      if (request.method === 'GET' && page) {
        const score = options.inbox.score(decodeURIComponent(page[1] ?? ''));
        if (score === undefined) {
          return reply(response, 404, 'Keyrank has not scored this issue yet');
        }
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(scorePage(score));
        return;
      }
      reply(response, 404, 'Not found');
    } catch (error) {
      done(error);
    }
  });
  // Linear gives up after 5 s; a client that trickles its body is cut off before that.
  server.requestTimeout = 4_000;
  server.headersTimeout = 4_000;
  return server;
}
