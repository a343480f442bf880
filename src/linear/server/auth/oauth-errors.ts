/**
 * What can go wrong talking to Linear's OAuth endpoints, each with a sentence a person can act
 * on. No message ever carries a token, a code or the client secret.
 */
export class OAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OAuthError';
  }
}

/**
 * Linear refused the grant (`invalid_grant`): the code was already used or expired, or the
 * refresh token was revoked or rotated away. Retrying will not help; signing in again will.
 */
export class OAuthGrantRefusedError extends OAuthError {
  constructor(message: string) {
    super(message);
    this.name = 'OAuthGrantRefusedError';
  }
}

/**
 * Linear refused Keyrank itself (`invalid_client`, `unauthorized_client`, a redirect URI it
 * does not know): the configuration is wrong, not the person.
 */
export class OAuthClientError extends OAuthError {
  constructor(message: string) {
    super(message);
    this.name = 'OAuthClientError';
  }
}

/** Linear could not be reached or answered 5xx / something unreadable: try again later. */
export class OAuthUnavailableError extends OAuthError {
  constructor(message: string) {
    super(message);
    this.name = 'OAuthUnavailableError';
  }
}
