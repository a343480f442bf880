import { UNREACHABLE, type ResolverError } from '../../src/contract/result';

export const RATE_LIMITED = 'Jira is busy (rate limited) — try again in a minute.';
export const NO_ANSWER =
  "Keyrank's server did not answer — try again; if it keeps failing, ask your Jira admin to check the app's logs.";

/** The same two sentences on `keyrank serve`, where no Jira admin runs the server. */
export const LINEAR_RATE_LIMITED = 'Linear is busy (rate limited) — try again in a minute.';
export const LINEAR_NO_ANSWER =
  "Keyrank's server did not answer — try again; if it keeps failing, ask whoever runs Keyrank to check its logs.";

/** An HTTP 429 from `keyrank serve` (fetch-transport.ts): words it as the tracker being busy. */
export const SERVER_RATE_LIMITED = 'Keyrank answered 429: rate limited';

const WORDS = {
  Jira: { busy: RATE_LIMITED, noAnswer: NO_ANSWER },
  Linear: { busy: LINEAR_RATE_LIMITED, noAnswer: LINEAR_NO_ANSWER },
} as const;

/** A 429 as the resolver passes it on after its own retries ("Jira answered 429 to …"). */
const RATE_LIMIT = /\b429\b|rate.?limit/i;

/** What a failed call means in words, and whether a "Try again" button can help. */
export interface Explained {
  message: string;
  retry: boolean;
}

/**
 * What a person reads when a call fails, and whether trying again can help. A refusal says
 * whom to ask (retrying cannot help); the tracker's rate limit and a server that did not answer
 * are named as such, not shown as Keyrank's own wording of an HTTP status.
 */
export function explainFailure(
  error: ResolverError,
  tracker: keyof typeof WORDS = 'Jira',
): Explained {
  if (error.kind === 'forbidden') {
    return { message: error.message, retry: false };
  }
  if (error.kind === 'jira-error' && RATE_LIMIT.test(error.message)) {
    return { message: WORDS[tracker].busy, retry: true };
  }
  if (error.kind === 'jira-error' && error.message === UNREACHABLE) {
    return { message: WORDS[tracker].noAnswer, retry: true };
  }
  return { message: error.message, retry: true };
}
