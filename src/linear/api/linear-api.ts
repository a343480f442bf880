import { LinearError, RatelimitedLinearError, type LinearClient } from '@linear/sdk';
import type { Clock } from '../clock';
import { silentLogger, type Logger } from '../logger';
import { PermanentLinearError, TransientLinearError, type LinearFieldError } from './errors';

/**
 * Every request Keyrank makes to Linear goes through here: raw GraphQL documents (so one
 * request can carry several mutations), counted as reads and writes, with Linear's rate limit
 * and transient failures handled in one place.
 */

export interface RequestCounts {
  reads: number;
  writes: number;
  retries: number;
  ratelimited: number;
}

export interface LinearApiOptions {
  client: LinearClient;
  log?: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** The clock, for rate-limit resets and retry times. */
  now: Clock;
  /** One request's time limit; a request that takes longer counts as a transient failure. */
  timeoutMs?: number;
  /** Attempts for 5xx, network errors and timeouts before giving the event back to the inbox. */
  attempts?: number;
  /** First backoff step; doubles each attempt. */
  backoffMs?: number;
  /** Longest wait for a rate-limit reset before giving the event back to the inbox. */
  maxRatelimitWaitMs?: number;
}

type Variables = Record<string, unknown>;

export class LinearApi {
  readonly counts: RequestCounts = { reads: 0, writes: 0, retries: 0, ratelimited: 0 };
  private readonly log: Logger;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: Clock;

  constructor(private readonly options: LinearApiOptions) {
    this.log = options.log ?? silentLogger;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now;
  }

  read<T>(document: string, variables: Variables = {}): Promise<T> {
    return this.send<T>('reads', document, variables);
  }

  write<T>(document: string, variables: Variables = {}): Promise<T> {
    return this.send<T>('writes', document, variables);
  }

  private async send<T>(
    kind: 'reads' | 'writes',
    document: string,
    variables: Variables,
  ): Promise<T> {
    const attempts = this.options.attempts ?? 4;
    const backoff = this.options.backoffMs ?? 500;
    let failures = 0;
    let ratelimits = 0;
    for (;;) {
      this.counts[kind]++;
      try {
        const response = await this.withTimeout(
          this.options.client.client.rawRequest<T, Variables>(document, variables),
        );
        return response.data as T;
      } catch (error) {
        const wait = this.ratelimitWait(error);
        if (wait !== null) {
          this.counts.ratelimited++;
          ratelimits++;
          if (wait > (this.options.maxRatelimitWaitMs ?? 15 * 60_000) || ratelimits > 5) {
            throw new TransientLinearError(
              `Linear rate limit: resets in ${Math.ceil(wait / 1000)} s`,
              this.now() + wait,
            );
          }
          this.log.warn('Linear rate limit reached; waiting for the reset', { waitMs: wait });
          await this.sleep(wait);
          continue;
        }
        if (isAuthentication(error)) {
          // The key, not the issue, is at fault: keep the event until someone fixes the key.
          throw new TransientLinearError(
            `Linear refused the API key (${messageOf(error)}): check LINEAR_API_KEY`,
            this.now() + 60_000,
          );
        }
        if (!isTransient(error)) {
          throw permanent(error);
        }
        failures++;
        if (failures >= attempts) {
          throw new TransientLinearError(messageOf(error));
        }
        this.counts.retries++;
        const delay = backoff * 2 ** (failures - 1);
        this.log.warn('Linear request failed; retrying', {
          error: messageOf(error),
          delayMs: delay,
        });
        await this.sleep(delay);
      }
    }
  }

  private withTimeout<T>(request: Promise<T>): Promise<T> {
    const ms = this.options.timeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RequestTimeoutError(ms)), ms);
    });
    return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
  }

  /** Milliseconds to wait when Linear says RATELIMITED, from the reset it carries; else null. */
  private ratelimitWait(error: unknown): number | null {
    const response = rawResponse(error);
    const coded = response?.errors?.some((e) => e.extensions?.code === 'RATELIMITED') ?? false;
    if (!(error instanceof RatelimitedLinearError) && !coded) {
      return null;
    }
    const header = (name: string): number | undefined => {
      const value = Number(response?.headers?.get?.(name) ?? NaN);
      return Number.isFinite(value) ? value : undefined;
    };
    const resetAt =
      (error instanceof RatelimitedLinearError ? error.requestsResetAt : undefined) ??
      header('x-ratelimit-requests-reset') ??
      header('x-ratelimit-complexity-reset');
    if (resetAt !== undefined) {
      return Math.max(0, resetAt - this.now());
    }
    const retryAfter =
      (error instanceof RatelimitedLinearError ? error.retryAfter : undefined) ??
      header('retry-after');
    return retryAfter !== undefined ? retryAfter * 1000 : 60_000;
  }
}

export class RequestTimeoutError extends Error {
  constructor(ms: number) {
    super(`Linear did not answer within ${ms} ms`);
    this.name = 'RequestTimeoutError';
  }
}

interface RawResponse {
  status?: number;
  errors?: { message?: string; extensions?: { code?: string; type?: string } }[];
  headers?: { get?: (name: string) => string | null };
}

function rawResponse(error: unknown): RawResponse | undefined {
  return error instanceof LinearError
    ? (error.raw as { response?: RawResponse } | undefined)?.response
    : undefined;
}

function isTransient(error: unknown): boolean {
  if (error instanceof RequestTimeoutError || error instanceof TypeError) {
    // fetch rejects with a TypeError when the connection fails.
    return true;
  }
  if (!(error instanceof LinearError)) {
    return false;
  }
  const status = error.status ?? rawResponse(error)?.status;
  if (status !== undefined && status >= 500) {
    return true;
  }
  return ['NetworkError', 'InternalError', 'LockTimeout'].includes(String(error.type));
}

function isAuthentication(error: unknown): boolean {
  return error instanceof LinearError && String(error.type) === 'AuthenticationError';
}

/** Keeps what says which of several aliased mutations Linear refused. */
function permanent(error: unknown): PermanentLinearError {
  if (!(error instanceof LinearError)) {
    return new PermanentLinearError(messageOf(error));
  }
  const errors: LinearFieldError[] = (error.errors ?? []).map((e) => ({
    message: e.message,
    ...(Array.isArray(e.path) && { path: e.path }),
  }));
  const data = error.data;
  return new PermanentLinearError(
    messageOf(error),
    errors,
    data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : null,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
