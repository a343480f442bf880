import { createHash, randomBytes } from 'node:crypto';

/** A PKCE pair (RFC 7636): the verifier stays on the server, the challenge goes to Linear. */
export interface Pkce {
  verifier: string;
  challenge: string;
}

/** 32 random bytes give a 43-character verifier, the shortest RFC 7636 allows and plenty. */
export function pkcePair(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

/** S256: base64url(SHA-256(verifier)), without padding. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** An unguessable token for URLs and cookies (state, session ids, CSRF tokens). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
