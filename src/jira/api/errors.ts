import type { ResolverError } from '../../contract/result';

/** Base of every error the Jira adapter raises on purpose; the resolver framework turns it into UI text. */
export class KeyrankJiraError extends Error {
  readonly kind: ResolverError['kind'] = 'jira-error';
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'KeyrankJiraError';
  }
}

/** Jira does not let the user do this (see authorization.ts); answered as `forbidden`. */
export class ForbiddenError extends KeyrankJiraError {
  override readonly kind = 'forbidden';
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** One form field's problem: `objectives[0].keyResults[1].target` → "must be a number". */
export interface FieldError {
  path: string;
  message: string;
}

/** Input from a person (RICE, KR ids, OKR file, settings) that Keyrank will not store. */
export class InvalidInputError extends KeyrankJiraError {
  override readonly kind = 'invalid-input';
  constructor(
    message: string,
    problems: string[] = [],
    /** Per field, for a form to show each message beside its field. */
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message, problems);
    this.name = 'InvalidInputError';
  }
}

/**
 * Valid input the key result's state refuses (a check-in on a KR whose value Keyrank reads
 * itself): still `invalid-input` to a page, 409 to a push.
 */
export class ConflictError extends InvalidInputError {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends KeyrankJiraError {
  override readonly kind = 'not-found';
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** A stored value failed its schema: reported on the admin page, never a crash. */
export class StorageCorruptError extends KeyrankJiraError {
  override readonly kind = 'storage-corrupt';
  constructor(message: string, problems: string[] = []) {
    super(message, problems);
    this.name = 'StorageCorruptError';
  }
}

/** Jira answered with a status Keyrank does not handle (after retries for 429). */
export class JiraHttpError extends KeyrankJiraError {
  constructor(
    readonly status: number,
    readonly what: string,
    detail: string,
  ) {
    super(`Jira answered ${status} to ${what}${detail === '' ? '' : `: ${detail}`}`);
    this.name = 'JiraHttpError';
  }
}
