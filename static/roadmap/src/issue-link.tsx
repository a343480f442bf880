import { router } from '@forge/bridge';
import type { MouseEvent } from 'react';

/**
 * An issue key that opens the issue. A real link (`href`), so it reads, focuses and activates
 * like one; the click goes through Forge's router because the page runs in a sandboxed frame
 * that cannot navigate Jira itself. Ctrl/⌘/Shift-click opens a new tab, as links do.
 */
export function IssueLink({ issueKey }: { issueKey: string }) {
  const path = `/browse/${encodeURIComponent(issueKey)}`;
  const follow = (event: MouseEvent<HTMLAnchorElement>): void => {
    event.preventDefault();
    const newTab = event.ctrlKey || event.metaKey || event.shiftKey;
    void (newTab ? router.open(path) : router.navigate(path)).catch(() => undefined);
  };
  return (
    <a className="kr-issue__key" href={path} onClick={follow}>
      {issueKey}
    </a>
  );
}
