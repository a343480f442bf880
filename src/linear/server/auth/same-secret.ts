import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time equality of two secrets (bearer tokens, CSRF tokens), compared by SHA-256
 * digest so neither the content nor the length of the expected one shows in the timing.
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header; undefined for anything else. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
}
