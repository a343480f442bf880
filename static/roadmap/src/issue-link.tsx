import type { MouseEvent } from 'react';
import { transport } from './transport';

/**
 * An issue key that opens the issue. A real link (`href`), so it reads, focuses and activates
 * like one. In Jira the click goes through Forge's router because the page runs in a sandboxed
 * frame that cannot navigate Jira itself (Ctrl/⌘/Shift-click opens a new tab, as links do); on
 * `keyrank serve` it opens the issue in Linear in a new tab, and says so.
 */
export function IssueLink({ issueKey }: { issueKey: string }) {
  const target = transport.issueTarget(issueKey);
  if (target.kind === 'new-tab') {
    return (
      <a className="kr-issue__key" href={target.href} target="_blank" rel="noopener noreferrer">
        {issueKey}
        <span className="kr-visually-hidden"> (opens in {target.where}, new tab)</span>
      </a>
    );
  }
  const follow = (event: MouseEvent<HTMLAnchorElement>): void => {
    event.preventDefault();
    target.follow(event.ctrlKey || event.metaKey || event.shiftKey);
  };
  return (
    <a className="kr-issue__key" href={target.path} onClick={follow}>
      {issueKey}
    </a>
  );
}
