/**
 * When to refresh a Linear access token, and one refresh at a time per token. Linear's access
 * tokens live about 24 h and their refresh tokens roll (a refresh token works once), so two
 * requests refreshing the same session at once would have the second refused and sign the
 * person out: concurrent callers share the first refresh instead.
 */

/** Refresh this long before the access token ends, so a request never starts with a dying one. */
export const REFRESH_MARGIN_MS = 10 * 60_000;

/** True when the token ends within the margin; a token without an end (legacy) never does. */
export function needsRefresh(expiresAt: number | null, now: number): boolean {
  return expiresAt !== null && expiresAt - now <= REFRESH_MARGIN_MS;
}

/** True when the access token has ended (a refresh that failed for a while cannot be skipped). */
export function hasExpired(expiresAt: number | null, now: number): boolean {
  return expiresAt !== null && expiresAt <= now;
}

/** Runs `work` once per key at a time; callers arriving meanwhile get the same promise. */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const current = this.running.get(key);
    if (current !== undefined) {
      return current;
    }
    const started = work().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }
}
