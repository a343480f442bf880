import type { ResolverError } from '../../../src/contract/result';
import { UNREACHABLE } from '../../../src/jira/pages/call-resolver';

export const RATE_LIMITED = 'Jira is busy (rate limited) — try again in a minute.';
export const NO_ANSWER =
  "Keyrank's server did not answer — try again; if it keeps failing, ask your Jira admin to check the app's logs.";

/** Jira's 429 as the resolver passes it on after its own retries ("Jira answered 429 to …"). */
const RATE_LIMIT = /\b429\b|rate.?limit/i;

/**
 * What a person reads when a call fails, and whether trying again can help. A refusal says
 * whom to ask (retrying cannot help); Jira's rate limit and a server that did not answer are
 * named as such, not shown as Keyrank's own wording of an HTTP status.
 */
export function explainFailure(error: ResolverError): { message: string; retry: boolean } {
  if (error.kind === 'forbidden') {
    return { message: error.message, retry: false };
  }
  if (error.kind === 'jira-error' && RATE_LIMIT.test(error.message)) {
    return { message: RATE_LIMITED, retry: true };
  }
  if (error.kind === 'jira-error' && error.message === UNREACHABLE) {
    return { message: NO_ANSWER, retry: true };
  }
  return { message: error.message, retry: true };
}
