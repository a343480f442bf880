import { LinearError, RatelimitedLinearError, type LinearClient } from '@linear/sdk';
import type { Clock } from '../clock';
import { silentLogger, type Logger } from '../logger';
import { DocumentSize } from './document-size';
import {
  CredentialsRefusedError,
  ForbiddenLinearError,
  PermanentLinearError,
  TransientLinearError,
  type LinearFieldError,
} from './errors';
import { complexityOf, RateBudget, type HeaderSource } from './rate-budget';

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

/** What a write is expected to cost, and who wants to know what it did cost. */
export interface WriteCost {
  /** Complexity points expected: the request waits until the complexity budget holds them. */
  expected?: number;
  /** Called with Linear's `x-complexity` for the request, when it says. */
  measured?: (points: number) => void;
}

export class LinearApi {
  readonly counts: RequestCounts = { reads: 0, writes: 0, retries: 0, ratelimited: 0 };
  /** Both of Linear's budgets as its last answer reported them. */
  readonly budget = new RateBudget();
  /** How many mutations fit in one write, learned from what Linear charges. */
  readonly documentSize = new DocumentSize();
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

  write<T>(document: string, variables: Variables = {}, cost: WriteCost = {}): Promise<T> {
    return this.send<T>('writes', document, variables, cost);
  }

  private async send<T>(
    kind: 'reads' | 'writes',
    document: string,
    variables: Variables,
    cost: WriteCost = {},
  ): Promise<T> {
    const attempts = this.options.attempts ?? 4;
    const backoff = this.options.backoffMs ?? 500;
    let failures = 0;
    let ratelimits = 0;
    for (;;) {
      // A budget Linear already said is spent is waited out, not spent into a RATELIMITED answer.
      await this.waitForBudget(this.budget.waitBefore(cost.expected ?? 0, this.now()), 0);
      this.counts[kind]++;
      try {
        const response = await this.withTimeout(
          this.options.client.client.rawRequest<T, Variables>(document, variables),
        );
        this.budget.observe(response.headers);
        const points = complexityOf(response.headers);
        if (points !== undefined) {
          cost.measured?.(points);
        }
        return response.data as T;
      } catch (error) {
        // A refusal says what the document would have cost too: a too-complex one is resized.
        const refusedPoints = complexityOf(rawResponse(error)?.headers);
        if (refusedPoints !== undefined) {
          cost.measured?.(refusedPoints);
        }
        const wait = this.ratelimitWait(error);
        if (wait !== null) {
          this.counts.ratelimited++;
          ratelimits++;
          await this.waitForBudget(wait, ratelimits);
          continue;
        }
        if (isAuthentication(error)) {
          // The key, not the issue, is at fault: keep the event until someone fixes the key.
          throw new CredentialsRefusedError(
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

  /** Sleeps `wait` ms for a budget to reset, or gives the work back when that is too long. */
  private async waitForBudget(wait: number, ratelimits: number): Promise<void> {
    if (wait <= 0) {
      return;
    }
    if (wait > (this.options.maxRatelimitWaitMs ?? 15 * 60_000) || ratelimits > 5) {
      throw new TransientLinearError(
        `Linear rate limit: resets in ${Math.ceil(wait / 1000)} s`,
        this.now() + wait,
      );
    }
    this.log.warn('Linear rate limit reached; waiting for the reset', { waitMs: wait });
    await this.sleep(wait);
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
    // Whichever budget ran out, requests or complexity, says when to try again.
    const untilReset = this.budget.waitAfterRefusal(response?.headers, this.now());
    if (untilReset !== undefined) {
      return untilReset;
    }
    const retryAfter =
      (error instanceof RatelimitedLinearError ? error.retryAfter : undefined) ??
      Number(response?.headers?.get?.('retry-after') ?? NaN);
    return Number.isFinite(retryAfter) ? retryAfter * 1000 : 60_000;
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
  headers?: HeaderSource;
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
  // Linear's permission refusals are told apart, so a person's page can say what they lack.
  const Refusal = String(error.type) === 'Forbidden' ? ForbiddenLinearError : PermanentLinearError;
  return new Refusal(
    messageOf(error),
    errors,
    data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : null,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
