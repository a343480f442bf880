import type { IncomingMessage } from 'node:http';

/** The session cookie: its value is the session id, stored only hashed on the server. */
export const SESSION_COOKIE = 'keyrank_session';
/**
 * Binds a sign-in to the browser that started it: the callback's `state` must match this
 * cookie, so a callback URL planted on someone else (login CSRF) signs no one in.
 */
export const STATE_COOKIE = 'keyrank_oauth_state';

export interface CookieOptions {
  /** Off only when KEYRANK_PUBLIC_URL is http://localhost (see `secureCookies`). */
  secure: boolean;
  /** Seconds; 0 clears the cookie. */
  maxAgeSeconds: number;
  path: string;
}

/**
 * Cookies are `Secure` unless the public URL is plain http:// on this machine (localhost,
 * 127.0.0.1, [::1]), where there is no TLS to require and nothing crosses a network. Any other
 * http:// public URL still gets `Secure` cookies, so it cannot sign anyone in: use HTTPS.
 */
export function secureCookies(publicUrl: string): boolean {
  return !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/i.test(publicUrl);
}

/**
 * A `Set-Cookie` value. Always HttpOnly (no script reads it) and SameSite=Lax: sent on a
 * top-level GET from Linear's authorize page back to the callback, never on a cross-site POST.
 */
export function setCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    ...(options.secure ? ['Secure'] : []),
    'SameSite=Lax',
  ].join('; ');
}

/** The value of one cookie of the request; undefined when absent or sent twice (ambiguous). */
export function readCookie(request: IncomingMessage, name: string): string | undefined {
  const found: string[] = [];
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      found.push(part.slice(at + 1).trim());
    }
  }
  // Our values are base64url; anything else was not set by Keyrank.
  return found.length === 1 && /^[A-Za-z0-9_-]{1,200}$/.test(found[0] ?? '') ? found[0] : undefined;
}
