/**
 * Linear refused the request for a reason that retrying will not fix (the issue was deleted,
 * a label is missing, the input is invalid): the event is logged and closed.
 */
export class PermanentLinearError extends Error {
  constructor(
    message: string,
    /** Linear's GraphQL errors, each with the path of the field it belongs to when it has one. */
    readonly errors: readonly LinearFieldError[] = [],
    /** What Linear answered beside the errors: the fields that did succeed, when any did. */
    readonly data: Readonly<Record<string, unknown>> | null = null,
  ) {
    super(message);
    this.name = 'PermanentLinearError';
  }
}

export interface LinearFieldError {
  message: string;
  /** `['m3', 'success']` for an error in the mutation aliased `m3`; absent for the whole document. */
  path?: readonly (string | number)[];
}

/**
 * Linear failed in a way that will pass (5xx, timeout, network, a long rate-limit wait): the
 * event goes back to the inbox, to be tried again no earlier than `retryAt` when Linear said.
 */
export class TransientLinearError extends Error {
  constructor(
    message: string,
    readonly retryAt?: number,
  ) {
    super(message);
    this.name = 'TransientLinearError';
  }
}

/**
 * Linear did not accept the credentials (a revoked or expired token, a wrong API key). A
 * transient error for the worker, which keeps the event until someone fixes the key; a person's
 * request on the web page answers that they should sign in again.
 */
export class CredentialsRefusedError extends TransientLinearError {
  constructor(message: string, retryAt?: number) {
    super(message, retryAt);
    this.name = 'CredentialsRefusedError';
  }
}

/** Linear refused the request for lack of permission (its `forbidden` error type). */
export class ForbiddenLinearError extends PermanentLinearError {
  constructor(
    message: string,
    errors: readonly LinearFieldError[] = [],
    data: Readonly<Record<string, unknown>> | null = null,
  ) {
    super(message, errors, data);
    this.name = 'ForbiddenLinearError';
  }
}
