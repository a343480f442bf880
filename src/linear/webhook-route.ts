import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LinearWebhookClient } from '@linear/sdk/webhooks';
import type { Inbox } from './inbox';
import type { Logger } from './logger';
import { IssueEventSchema, WebhookEnvelopeSchema } from './webhook-payload';

export interface WebhookRouteOptions {
  verifier: LinearWebhookClient;
  inbox: Inbox;
  log: Logger;
  maxBodyBytes: number;
  /** Called after an event is safely stored. */
  accepted: () => void;
}

class BodyTooLargeError extends Error {}

/**
 * `POST /webhooks/linear`. The answer comes as soon as the event is in the inbox (or known
 * to be a duplicate): the work happens later, because Linear retries anything not answered
 * 200 within 5 s.
 */
export async function handleWebhook(
  request: IncomingMessage,
  response: ServerResponse,
  options: WebhookRouteOptions,
): Promise<void> {
  // Trusted only as an early exit: the read below enforces the limit on the bytes that arrive.
  if (Number(request.headers['content-length'] ?? 0) > options.maxBodyBytes) {
    return reply(response, 413, 'Payload too large', true);
  }
  let raw: Buffer;
  try {
    raw = await readBody(request, options.maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return reply(response, 413, 'Payload too large', true);
    }
    return reply(response, 400, 'Unreadable body');
  }
  const signature = header(request, 'linear-signature');
  if (signature === undefined) {
    return reply(response, 401, 'Missing webhook signature');
  }

  let body: unknown;
  try {
    // verify() checks the HMAC before it parses, then the signed timestamp (60 s window).
    options.verifier.verify(raw, signature);
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) {
      return reply(response, 400, 'Malformed body');
    }
    return reply(response, 401, 'Invalid webhook signature or timestamp');
  }

  const envelope = WebhookEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    return reply(response, 400, 'Malformed body');
  }
  if (envelope.data.type !== 'Issue') {
    return reply(response, 200, 'Ignored');
  }
  const event = IssueEventSchema.safeParse(body);
  if (!event.success) {
    options.log.warn('Issue webhook with an unexpected shape', {
      problems: event.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`),
    });
    return reply(response, 400, 'Malformed Issue event');
  }
  // Linear sends a delivery id with every attempt of the same delivery; the hash is a fallback.
  const delivery =
    header(request, 'linear-delivery') ?? createHash('sha256').update(raw).digest('hex');
  const fresh = options.inbox.accept(delivery, event.data.data.id, raw.toString('utf8'));
  reply(response, 200, fresh ? 'Accepted' : 'Duplicate');
  if (fresh) {
    options.accepted();
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      throw new BodyTooLargeError();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}

export function reply(
  response: ServerResponse,
  status: number,
  message: string,
  close = false,
): void {
  const ok = status < 400;
  if (close) {
    // The rest of an oversized body is not read; the connection cannot be reused.
    response.setHeader('Connection', 'close');
  }
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(ok ? { status: message } : { error: message }));
}
