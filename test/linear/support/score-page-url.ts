import type { Harness } from './harness';
import type { Issue } from './local-linear';
import { PUBLIC_URL } from './workspace';

/** The signed link of the issue's attachment, pointed at the local server. */
export function scorePageUrl(h: Harness, issue: Issue): string {
  const url = h.linear.attachmentOf(issue)?.url;
  if (url === undefined) {
    throw new Error(`${issue.identifier} has no attachment`);
  }
  return url.replace(PUBLIC_URL, h.baseUrl);
}
