import type { ResolverError, ResolverErrorKind } from '../../../contract/result';
import {
  CredentialsRefusedError,
  ForbiddenLinearError,
  PermanentLinearError,
  TransientLinearError,
} from '../../api/errors';
import type { Logger } from '../../logger';

/** A refusal a handler decides itself (an unknown team, a stale preview), with its sentence. */
export class ApiError extends Error {
  constructor(
    readonly kind: ResolverErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Who the error speaks to: a person is told to sign in again, a program to check its key. */
export type Audience = 'person' | 'program';

/**
 * Any failure as the contract's typed error, one sentence a person can act on: never a stack
 * trace, never Linear's raw answer beyond its own user-facing words. `jira-error` is the
 * contract's kind for "the tracker failed"; its message names Linear.
 */
export function apiErrorOf(error: unknown, audience: Audience, log: Logger): ResolverError {
  if (error instanceof ApiError) {
    return { kind: error.kind, message: error.message };
  }
  if (error instanceof CredentialsRefusedError) {
    return {
      kind: 'forbidden',
      message:
        audience === 'person'
          ? 'Linear no longer accepts your sign-in — sign in again'
          : "Linear refused Keyrank's API key — check LINEAR_API_KEY on the server",
    };
  }
  if (error instanceof ForbiddenLinearError) {
    // Linear's own sentence for the person (its `userPresentableMessage`), when it gave one.
    const said = error.errors[0]?.message ?? error.message;
    return { kind: 'forbidden', message: `Linear did not allow it: ${said}` };
  }
  if (error instanceof TransientLinearError) {
    return {
      kind: 'jira-error',
      message: error.message.startsWith('Linear rate limit')
        ? 'Linear is busy (rate limited) — try again in a minute'
        : 'Linear did not answer in time — try again in a minute',
    };
  }
  if (error instanceof PermanentLinearError) {
    return { kind: 'jira-error', message: `Linear refused the request: ${error.message}` };
  }
  // A bug or a storage failure: logged for the operator, a plain sentence for the page.
  log.error('a roadmap API call failed', { error: (error as Error)?.message ?? String(error) });
  return { kind: 'jira-error', message: 'Keyrank could not finish this — try again in a minute' };
}
