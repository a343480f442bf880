import type { IncomingMessage } from 'node:http';
import { sameSecret } from './same-secret';

/** Where a state-changing request carries the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';
/** The form field of the same token, for plain HTML forms (sign-out). */
export const CSRF_FIELD = 'csrf';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** POST, PUT, PATCH and DELETE need the CSRF token; GET and HEAD must change nothing. */
export function changesState(method: string | undefined): boolean {
  return STATE_CHANGING.has((method ?? 'GET').toUpperCase());
}

/** The token of the request's header, if it sent one. */
export function csrfHeader(request: IncomingMessage): string | undefined {
  const value = request.headers[CSRF_HEADER];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

/**
 * Why a state-changing request is refused (403), or null when its token is the session's.
 * Compared in constant time, on digests, so neither content nor length shows in the timing.
 */
export function csrfProblem(expected: string, given: string | undefined): string | null {
  if (given === undefined) {
    return 'This request changes something, so it must carry the CSRF token of your session in the X-CSRF-Token header (or a csrf form field); reload the page and try again';
  }
  return sameSecret(given, expected)
    ? null
    : 'The CSRF token does not match your session; reload the page and try again';
}
