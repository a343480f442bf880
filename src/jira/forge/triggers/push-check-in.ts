import { CheckInPayloadSchema, type CheckInPayload } from '../../../contract/key-results';
import { formatValidationIssue } from '../../../core/index';
import {
  ConflictError,
  KeyrankJiraError,
  NotFoundError,
  StorageCorruptError,
} from '../../api/errors';
import type { AppDeps } from '../../deps';
import { verifyPushSecret } from '../../store/push-secret-store';
import { checkInKeyResult } from '../../sync/check-in-key-result';
import { appDeps } from '../forge-ports';

/**
 * webtrigger `push-check-in`: outside systems (a survey tool's NPS, billing's churn) post a
 * `push` KR's value with that KR's secret:
 *
 *   POST <url>  Authorization: Bearer <secret>
 *   { "krId": "O1-KR1", "value": 47, "date": "2026-11-20", "note": "..." }
 *
 * Answers are JSON: the KR's live view on 200, `{ "error": "..." }` otherwise. The secret is
 * never logged, stored or echoed.
 */

/** What Forge passes a webtrigger function (headers by name as sent, each a list of values). */
export interface WebTriggerRequest {
  method: string;
  body?: string;
  headers?: Record<string, string[] | undefined>;
}

/** What Forge sends back: with `response: { type: dynamic }`, exactly this. */
export interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

/** A check-in is a few numbers and a note; anything larger is not one. */
export const MAX_PUSH_BYTES = 16 * 1024;

const UNAUTHORIZED =
  'a valid push secret is needed: send "Authorization: Bearer <secret>" with the secret made for this key result on the Keyrank OKRs page';

function reply(statusCode: number, body: unknown, extra: Record<string, string[]> = {}) {
  return {
    statusCode,
    headers: { 'Content-Type': ['application/json'], ...extra },
    body: JSON.stringify(body),
  } satisfies WebTriggerResponse;
}

const fail = (statusCode: number, error: string, extra?: Record<string, string[]>) =>
  reply(statusCode, { error }, extra);

/** A header's first value; HTTP header names are case-insensitive, Forge keeps the sender's. */
function header(request: WebTriggerRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, values] of Object.entries(request.headers ?? {})) {
    if (key.toLowerCase() === wanted) {
      return values?.[0];
    }
  }
  return undefined;
}

function bearer(request: WebTriggerRequest): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header(request, 'authorization') ?? '');
  return match?.[1] ?? null;
}

/** The body as a check-in payload, or the sentence a sender needs to fix it. */
function parseBody(text: string): { payload: CheckInPayload } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: 'the body is not JSON — send {"krId": "O1-KR1", "value": 47}' };
  }
  const parsed = CheckInPayloadSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => formatValidationIssue(issue, raw));
    return {
      problem: `the check-in cannot be read: ${problems.join('; ')} — send {"krId": "O1-KR1", "value": 47, "date": "YYYY-MM-DD" (optional, default today), "note": "…" (optional)}`,
    };
  }
  return { payload: parsed.data };
}

/**
 * One push, checked in this order: method, size, a bearer secret at all, the body, the secret
 * against the named KR's hash — so no answer depends on whether a KR exists until the caller
 * has proven they hold its secret — then the check-in itself.
 */
export async function pushCheckIn(
  request: WebTriggerRequest,
  deps: Pick<AppDeps, 'store' | 'today'>,
): Promise<WebTriggerResponse> {
  if (request.method.toUpperCase() !== 'POST') {
    return fail(405, 'only POST is accepted', { Allow: ['POST'] });
  }
  const body = request.body ?? '';
  if (Buffer.byteLength(body, 'utf8') > MAX_PUSH_BYTES) {
    return fail(413, `the body is over ${MAX_PUSH_BYTES / 1024} KiB — a check-in is one value`);
  }
  const secret = bearer(request);
  if (secret === null) {
    return fail(401, UNAUTHORIZED);
  }
  const read = parseBody(body);
  if ('problem' in read) {
    return fail(400, read.problem);
  }
  const { payload } = read;
  if (!(await verifyPushSecret(deps.store, payload.krId, secret))) {
    return fail(401, UNAUTHORIZED);
  }
  try {
    return reply(200, await checkInKeyResult(deps, { ...payload, source: 'push' }));
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): WebTriggerResponse {
  if (error instanceof ConflictError) {
    return fail(409, error.message);
  }
  if (error instanceof NotFoundError) {
    // The secret matched, so the sender may learn that the KR left the OKRs since.
    return fail(404, error.message);
  }
  if (error instanceof StorageCorruptError) {
    return fail(503, error.message);
  }
  if (error instanceof KeyrankJiraError && error.kind === 'invalid-input') {
    return fail(400, error.message);
  }
  // Only the error's message: the request (and its secret) is never logged.
  console.error('keyrank: push check-in failed', error instanceof Error ? error.message : error);
  return fail(500, 'Keyrank could not record this check-in — try again in a minute');
}

/** The manifest's `push-check-in-fn`: Forge's ports, the real clock. */
export function onPushCheckIn(request: WebTriggerRequest): Promise<WebTriggerResponse> {
  return pushCheckIn(request, appDeps());
}
