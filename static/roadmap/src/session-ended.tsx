import { useEffect, useRef } from 'react';
import { signInHref } from './team-path';
import type { SessionEnd } from './transport';

/**
 * The server no longer accepts the page's calls. Said once, for the whole page, with the way
 * back: signing in returns here; a stale CSRF token (signed in again in another tab) only needs
 * the page reloaded.
 */
export function SessionEnded({ why }: { why: SessionEnd }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="kr-section kr-error" role="alert" aria-labelledby="session-ended-title">
      <h2 id="session-ended-title" ref={heading} tabIndex={-1}>
        Your session ended — sign in again
      </h2>
      <p>
        {why === 'ended'
          ? 'Keyrank no longer knows this browser’s session: it expired or you signed out. Nothing was changed by the last action.'
          : 'This page’s security token no longer matches your session (you signed in again, perhaps in another tab). Nothing was changed by the last action; reload the page to go on.'}
      </p>
      <p className="kr-actions">
        <a className="kr-button kr-button--primary" href={signInHref(window.location)}>
          Sign in with Linear
        </a>{' '}
        {why === 'stale-token' && (
          <button type="button" className="kr-button" onClick={() => window.location.reload()}>
            Reload the page
          </button>
        )}
      </p>
    </section>
  );
}
