import type { IssueStatus } from './issue';

/**
 * The Icebox rule: an issue that has not started, is not business as usual and serves no
 * active key result waits in the Icebox. Returns the reason, or `null` when it stays out.
 */
export function iceboxReason(input: {
  status: IssueStatus;
  bau: boolean;
  activeLinks: number;
  /** Why each of the issue's links does not count ("O1-KR1 ended with 2026-Q3"). */
  deadLinks: readonly string[];
}): string | null {
  if (input.status !== 'backlog' && input.status !== 'todo') {
    return null;
  }
  if (input.bau || input.activeLinks > 0) {
    return null;
  }
  if (input.deadLinks.length === 0) {
    return 'serves no key result — link it to an active key result to take it out';
  }
  return `serves no active key result: ${input.deadLinks.join('; ')} — link it to an active key result to take it out`;
}
