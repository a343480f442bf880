import type { IssueStatus } from './issue';

/** The usual reason: nothing linked at all. */
const NO_KEY_RESULT = 'serves no key result — link it to an active key result to take it out';
const NO_KEY_RESULT_EXPLANATION = ['Icebox: ', NO_KEY_RESULT].join('');

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
    return NO_KEY_RESULT;
  }
  return [
    'serves no active key result: ',
    input.deadLinks.join('; '),
    ' — link it to an active key result to take it out',
  ].join('');
}

/** An Icebox issue's explanation; the usual one is worded once, not once per issue. */
export function iceboxExplanation(reason: string): string {
  return reason === NO_KEY_RESULT ? NO_KEY_RESULT_EXPLANATION : ['Icebox: ', reason].join('');
}
