import type { IncomingMessage, ServerResponse } from 'node:http';
import { CheckInPayloadSchema } from '../../contract/key-results';
import { keyResultReport, type Okrs, type Settings } from '../../core/index';
import type { Logger } from '../logger';
import { bearerToken, sameSecret } from './auth/same-secret';
import type { CheckInStore } from '../store/check-in-store';
import { checkInKeyResult, CheckInRefusedError, type CheckedIn } from '../sync/check-in-key-result';
import {
  BodyTimeoutError,
  BodyTooLargeError,
  header,
  readBody,
  reply,
  ServerBusyError,
  type ByteBudget,
} from './webhook-route';

/** What the push route needs from the server that runs it. */
export interface CheckInRouteOptions {
  /** KEYRANK_API_TOKEN; undefined turns the route off (404 saying how to turn it on). */
  apiToken: string | undefined;
  /** The OKRs the server scores with now: the file's, plus the check-ins stored so far. */
  okrs: () => Promise<Okrs>;
  settings: Settings;
  store: CheckInStore;
  /** The day (YYYY-MM-DD) a check-in without a date is for, and the last day one may be for. */
  today: () => string;
  log: Logger;
}

/** The body-reading limits of the server, shared with the webhook route. */
export interface BodyLimits {
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  buffered: ByteBudget;
}

/** A check-in body is a number, a date and a 500-character note: 16 KiB is plenty. */
export const CHECK_IN_MAX_BYTES = 16 * 1024;

export const CHECK_IN_PATH = /^\/api\/key-results\/([^/]+)\/check-ins$/;

/** The push route's status for each refusal of the shared check-in rules. */
const REFUSAL_STATUS: Record<CheckInRefusedError['reason'], number> = {
  'unknown-kr': 404,
  automatic: 409,
  'future-date': 400,
};

const ACCEPTED =
  'accepted: { "value": <finite number>, "date": "YYYY-MM-DD" (optional, default today), "note": "<text>" (optional) }';

/**
 * `POST /api/key-results/<id>/check-ins`: an outside system (a survey tool, billing) records a
 * value of a `push` (or manual) key result, authenticated by `Authorization: Bearer
 * $KEYRANK_API_TOKEN`. The token is checked before a byte of the body is read. Answers the KR's
 * standing after the check-in: `{ krId, current, progress, health, stale, lastCheckIn }`.
 */
export async function handleCheckIn(
  request: IncomingMessage,
  response: ServerResponse,
  rawKrId: string,
  options: CheckInRouteOptions,
  limits: BodyLimits,
): Promise<void> {
  if (options.apiToken === undefined) {
    // Off unless configured: 404, as if the route did not exist, but saying how to turn it on.
    return reply(
      response,
      404,
      'Push check-ins are off: set KEYRANK_API_TOKEN on the server to accept POST /api/key-results/<id>/check-ins',
      true,
    );
  }
  if (request.method !== 'POST') {
    response.setHeader('Allow', 'POST');
    return reply(response, 405, 'Method not allowed: check-ins are sent with POST', true);
  }
  const token = bearerToken(header(request, 'authorization'));
  if (token === undefined || !sameSecret(token, options.apiToken)) {
    response.setHeader('WWW-Authenticate', 'Bearer');
    return reply(
      response,
      401,
      token === undefined
        ? 'Missing bearer token: send Authorization: Bearer $KEYRANK_API_TOKEN'
        : 'Invalid bearer token',
      true,
    );
  }
  const type = header(request, 'content-type');
  if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) {
    return reply(response, 415, 'Send the body as JSON (Content-Type: application/json)', true);
  }
  const maxBodyBytes = Math.min(limits.maxBodyBytes, CHECK_IN_MAX_BYTES);
  // Trusted only as an early exit: readBody enforces the limit on the bytes that arrive.
  if (Number(request.headers['content-length'] ?? 0) > maxBodyBytes) {
    return reply(response, 413, `The body is over ${maxBodyBytes} bytes`, true);
  }
  let raw: Buffer;
  try {
    raw = await readBody(request, { ...limits, maxBodyBytes });
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return reply(response, 413, `The body is over ${maxBodyBytes} bytes`, true);
    }
    if (error instanceof BodyTimeoutError) {
      return reply(response, 408, 'Body not received in time', true);
    }
    if (error instanceof ServerBusyError) {
      response.setHeader('Retry-After', '5');
      return reply(response, 503, 'Busy; send the check-in again later', true);
    }
    return reply(response, 400, 'Unreadable body', true);
  }
  const krId = decode(rawKrId);
  if (krId === null) {
    return reply(response, 400, 'Malformed key result id in the path');
  }
  const body = parseJson(raw);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return reply(response, 400, `The body is not a JSON object — ${ACCEPTED}`);
  }
  // The path names the key result; a krId in the body cannot point the value elsewhere.
  const payload = CheckInPayloadSchema.safeParse({ ...body, krId });
  if (!payload.success) {
    const problems = payload.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`);
    return reply(response, 400, `${problems.join('; ')} — ${ACCEPTED}`);
  }

  const { value, note, date } = payload.data;
  let checkedIn: CheckedIn;
  try {
    checkedIn = await checkInKeyResult(
      { okrs: options.okrs, store: options.store, today: options.today },
      { krId, value, date, note, source: 'push' },
    );
  } catch (error) {
    if (error instanceof CheckInRefusedError) {
      return reply(response, REFUSAL_STATUS[error.reason], error.message);
    }
    options.log.error('a pushed check-in could not be stored; answering 503', {
      krId,
      error: (error as Error).message,
    });
    response.setHeader('Retry-After', '60');
    return reply(response, 503, 'Keyrank cannot store check-ins right now; send it again later');
  }
  options.log.info('check-in pushed', { krId, date: checkedIn.date, value });

  const report = keyResultReport(
    checkedIn.kr,
    checkedIn.objective,
    checkedIn.today,
    options.settings,
  );
  const { current, progress, health, stale, lastCheckIn } = report;
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ krId, current, progress, health, stale, lastCheckIn }));
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
