/** Start-up cannot go on: a variable is missing or the OKR file is wrong. Exit 1, one message. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Linear refused the request for a reason that retrying will not fix (the issue was deleted,
 * a label is missing, the input is invalid): the event is logged and closed.
 */
export class PermanentLinearError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentLinearError';
  }
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
 * The inbox cannot take an event (its database file was deleted or replaced, or the disk is
 * full): the webhook answers 503 so Linear delivers again later, and `/healthz` says why.
 */
export class InboxUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InboxUnavailableError';
  }
}
