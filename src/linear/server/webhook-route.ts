import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LinearWebhookClient } from '@linear/sdk/webhooks';
import type { Logger } from '../logger';
import { IssueEventSchema, WebhookEnvelopeSchema } from '../read/webhook-payload';
import type { EventQueue } from '../store/event-queue';
import { eventFingerprint } from './event-fingerprint';

export interface WebhookRouteOptions {
  verifier: LinearWebhookClient;
  events: EventQueue;
  log: Logger;
  maxBodyBytes: number;
  /** A body not fully received this long after the request began is cut off. */
  bodyTimeoutMs: number;
  /** Shared by every request: bytes buffered at once across all bodies being read. */
  buffered: ByteBudget;
  /** Called after an event is safely stored. */
  accepted: () => void;
}

/** How many body bytes all requests together may hold in memory at once. */
export interface ByteBudget {
  take: (bytes: number) => boolean;
  give: (bytes: number) => void;
}

export function byteBudget(limit: number): ByteBudget {
  let used = 0;
  return {
    take: (bytes) => {
      if (used + bytes > limit) {
        return false;
      }
      used += bytes;
      return true;
    },
    give: (bytes) => {
      used -= bytes;
    },
  };
}

export class BodyTooLargeError extends Error {}
export class BodyTimeoutError extends Error {}
export class ServerBusyError extends Error {}

/**
 * `POST /webhooks/linear`. The answer comes as soon as the event is in the inbox (or known
 * to be a duplicate): the work happens later, because Linear retries anything not answered
 * 200 within 5 s. A request without a signature is refused before a byte of its body is read.
 */
export async function handleWebhook(
  request: IncomingMessage,
  response: ServerResponse,
  options: WebhookRouteOptions,
): Promise<void> {
  const signature = header(request, 'linear-signature');
  if (signature === undefined) {
    return reply(response, 401, 'Missing webhook signature', true);
  }
  // Trusted only as an early exit: the read below enforces the limit on the bytes that arrive.
  if (Number(request.headers['content-length'] ?? 0) > options.maxBodyBytes) {
    return reply(response, 413, 'Payload too large', true);
  }
  let raw: Buffer;
  try {
    raw = await readBody(request, options);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return reply(response, 413, 'Payload too large', true);
    }
    if (error instanceof BodyTimeoutError) {
      return reply(response, 408, 'Body not received in time', true);
    }
    if (error instanceof ServerBusyError) {
      response.setHeader('Retry-After', '5');
      return reply(response, 503, 'Busy; deliver again later', true);
    }
    return reply(response, 400, 'Unreadable body', true);
  }

  try {
    options.verifier.verify(raw, signature);
  } catch (error) {
    // verify() checks the HMAC first: a SyntaxError means the signature held but the JSON did not.
    if (!(error instanceof SyntaxError)) {
      return reply(response, 401, 'Invalid webhook signature or timestamp');
    }
    return setAside(response, options, request, raw, 'the signed body is not JSON');
  }

  const body: unknown = JSON.parse(raw.toString('utf8'));
  const envelope = WebhookEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    return setAside(response, options, request, raw, describe(envelope.error));
  }
  if (envelope.data.type !== 'Issue') {
    return reply(response, 200, 'Ignored');
  }
  const event = IssueEventSchema.safeParse(body);
  if (!event.success) {
    return setAside(response, options, request, raw, `Issue event: ${describe(event.error)}`);
  }
  const delivery = header(request, 'linear-delivery') ?? sha256(raw);
  let fresh: boolean;
  try {
    fresh = await options.events.accept(
      delivery,
      eventFingerprint(event.data),
      event.data.data.id,
      raw.toString('utf8'),
      event.data.data.updatedAt ?? null,
    );
  } catch (error) {
    return unavailable(response, options, error);
  }
  reply(response, 200, fresh ? 'Accepted' : 'Duplicate');
  if (fresh) {
    options.accepted();
  }
}

/**
 * A signed body Keyrank cannot read is answered 200 (Linear disables a webhook that keeps
 * failing, and retrying cannot fix it) and kept for a person: counted in /healthz, logged.
 */
async function setAside(
  response: ServerResponse,
  options: WebhookRouteOptions,
  request: IncomingMessage,
  raw: Buffer,
  reason: string,
): Promise<void> {
  const delivery = header(request, 'linear-delivery') ?? sha256(raw);
  try {
    await options.events.setAside(delivery, sha256(raw), raw.toString('utf8'), reason);
  } catch (error) {
    return unavailable(response, options, error);
  }
  options.log.error('signed webhook body set aside: Keyrank cannot read it', {
    delivery,
    reason,
  });
  reply(response, 200, 'Set aside');
}

function unavailable(response: ServerResponse, options: WebhookRouteOptions, error: unknown) {
  options.log.error('the inbox cannot store events; answering 503', {
    error: (error as Error).message,
  });
  response.setHeader('Retry-After', '60');
  reply(response, 503, 'Keyrank cannot store events right now', true);
}

function describe(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }) {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`)
    .join('; ');
}

function sha256(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}

export function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

/**
 * Reads the body within the size limit, the shared byte budget and the deadline: a client that
 * trickles bytes is cut off when the deadline passes, however steadily it sends.
 */
export function readBody(
  request: IncomingMessage,
  options: Pick<WebhookRouteOptions, 'maxBodyBytes' | 'bodyTimeoutMs' | 'buffered'>,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: Error | null): void => {
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      options.buffered.give(size);
      if (error) {
        request.pause();
        reject(error);
      } else {
        resolve(Buffer.concat(chunks, size));
      }
    };
    const timer = setTimeout(() => finish(new BodyTimeoutError()), options.bodyTimeoutMs);
    const onData = (chunk: Buffer): void => {
      if (size + chunk.length > options.maxBodyBytes) {
        return finish(new BodyTooLargeError());
      }
      if (!options.buffered.take(chunk.length)) {
        return finish(new ServerBusyError());
      }
      size += chunk.length;
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(null);
    const onError = (error: Error): void => finish(error);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

export function reply(
  response: ServerResponse,
  status: number,
  message: string,
  close = false,
): void {
  const ok = status < 400;
  if (close) {
    // The rest of the body is not read; the connection cannot be reused.
    response.setHeader('Connection', 'close');
  }
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(ok ? { status: message } : { error: message }));
}
