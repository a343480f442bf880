import type { ComponentProps } from 'react';
import { UNREACHABLE, type ResolverError } from '../../../src/contract/result';
import { CallError, type CallErrorLook } from '../../shared/call-error';
import { explainFailure, type Explained } from '../../shared/explain-failure';

export const ADMIN_LOOK: CallErrorLook = { box: 'ka-error', button: 'ka-button' };

/**
 * What a failed call means for the admin reading it: the roadmap's words for a refusal and a
 * rate-limited Jira, the page's own sentence otherwise — a bridge call that never arrived keeps
 * its "check your connection" (the shared "ask your Jira admin" would point at the reader), and
 * stored values that fail validation say where to fix them.
 */
export function explain(error: ResolverError): Explained {
  if (error.kind === 'storage-corrupt') {
    return {
      message: `${error.message} Fix the stored values below, or import a corrected OKR file under Advanced.`,
      retry: true,
    };
  }
  if (error.kind === 'jira-error' && error.message === UNREACHABLE) {
    return { message: error.message, retry: true };
  }
  return explainFailure(error, 'Jira');
}

/** A failed call, shown where it happened, in the admin page's look. */
export function ErrorMessage(props: Omit<ComponentProps<typeof CallError>, 'explain' | 'look'>) {
  return <CallError {...props} explain={explain} look={ADMIN_LOOK} />;
}
