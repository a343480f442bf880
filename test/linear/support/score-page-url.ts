import type { Harness } from './harness';
import type { Issue } from './local-linear';
import { sessionCookie } from './sign-in';
import { PUBLIC_URL } from './workspace';

/** The signed link of the issue's attachment, pointed at the local server. */
export function scorePageUrl(h: Harness, issue: Issue): string {
  const url = h.linear.attachmentOf(issue)?.url;
  if (url === undefined) {
    throw new Error(`${issue.identifier} has no attachment`);
  }
  return url.replace(PUBLIC_URL, h.baseUrl);
}

/**
 * The issue's score page as a signed-in member opens it from the attachment link: score pages
 * are behind Sign in with Linear (the harness is started with `signIn: true`).
 */
export async function fetchScorePage(h: Harness, issue: Issue): Promise<Response> {
  return fetch(scorePageUrl(h, issue), { headers: { cookie: await sessionCookie(h) } });
}
