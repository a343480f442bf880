import { authorize, cookiePair } from '../server/auth/auth-harness';
import type { Harness } from './harness';
import { PUBLIC_URL } from './workspace';

/**
 * A browser signing in to the harness's `keyrank serve` (started with `signIn: true`) through
 * the local Linear OAuth server, as the person it signs in next (ANA unless told otherwise):
 * answers the session cookie, `keyrank_session=<id>`, ready for a Cookie header.
 */
export async function signInTo(h: Harness, returnTo = '/teams/ENG'): Promise<string> {
  const started = await fetch(`${h.baseUrl}/auth/sign-in?return=${encodeURIComponent(returnTo)}`, {
    redirect: 'manual',
  });
  const back = await authorize(started.headers.get('location') ?? '');
  const callback = await fetch(back.replace(PUBLIC_URL, h.baseUrl), {
    redirect: 'manual',
    headers: { cookie: cookiePair(started, 'keyrank_oauth_state') },
  });
  const cookie = cookiePair(callback, 'keyrank_session');
  if (callback.status !== 302 || cookie === '') {
    throw new Error(`sign-in failed: ${callback.status} ${await callback.text()}`);
  }
  return cookie;
}

const cookies = new WeakMap<Harness, Promise<string>>();

/** One signed-in session per harness, for tests that only need to get past sign-in. */
export function sessionCookie(h: Harness): Promise<string> {
  let cookie = cookies.get(h);
  if (cookie === undefined) {
    cookie = signInTo(h);
    cookies.set(h, cookie);
  }
  return cookie;
}
