/**
 * Linear's two budgets per API key, as its response headers report them: requests
 * (`x-ratelimit-requests-*`, 2,500 an hour) and complexity points (`x-ratelimit-complexity-*`,
 * 3,000,000 an hour), each a leaky bucket with a reset time in epoch milliseconds; and the
 * cost of the last request (`x-complexity`). Whichever budget ran out decides the wait.
 */

export interface HeaderSource {
  get?: (name: string) => string | null;
}

interface Bucket {
  remaining: number;
  resetAt: number;
}

export class RateBudget {
  private requests: Bucket | undefined;
  private complexity: Bucket | undefined;

  /** Takes in what a response (a success or a refusal) said of both budgets. */
  observe(headers: HeaderSource | undefined): void {
    this.requests = bucket(headers, 'requests') ?? this.requests;
    this.complexity = bucket(headers, 'complexity') ?? this.complexity;
  }

  /**
   * Milliseconds to wait before a request of about `cost` points: until the reset of each
   * budget that cannot pay for it (the later reset when both cannot), else 0.
   */
  waitBefore(cost: number, now: number): number {
    const waits = [
      this.requests && this.requests.remaining < 1 ? this.requests.resetAt - now : 0,
      this.complexity && this.complexity.remaining < cost ? this.complexity.resetAt - now : 0,
    ];
    return Math.max(0, ...waits);
  }

  /**
   * After a RATELIMITED answer with these headers: milliseconds until whichever budget ran out
   * resets, or undefined when the headers do not say which.
   */
  waitAfterRefusal(headers: HeaderSource | undefined, now: number): number | undefined {
    this.observe(headers);
    const requests = bucket(headers, 'requests');
    const complexity = bucket(headers, 'complexity');
    const exhausted = [requests, complexity].filter(
      (b): b is Bucket => b !== undefined && b.remaining <= 0,
    );
    // A budget said to be empty is the one to wait for; with neither, the earliest reset given.
    const candidates = exhausted.length > 0 ? exhausted : [requests, complexity];
    const resets = candidates.flatMap((b) => (b === undefined ? [] : [b.resetAt]));
    if (resets.length === 0) {
      return undefined;
    }
    const reset = exhausted.length > 0 ? Math.max(...resets) : Math.min(...resets);
    return Math.max(0, reset - now);
  }
}

/** The complexity of the request a response answers (`x-complexity`), when Linear said it. */
export function complexityOf(headers: HeaderSource | undefined): number | undefined {
  return numberHeader(headers, 'x-complexity');
}

function bucket(
  headers: HeaderSource | undefined,
  name: 'requests' | 'complexity',
): Bucket | undefined {
  const remaining = numberHeader(headers, `x-ratelimit-${name}-remaining`);
  const resetAt = numberHeader(headers, `x-ratelimit-${name}-reset`);
  return remaining === undefined || resetAt === undefined ? undefined : { remaining, resetAt };
}

function numberHeader(headers: HeaderSource | undefined, name: string): number | undefined {
  const text = headers?.get?.(name);
  const value = text === null || text === undefined || text === '' ? NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}
