/**
 * The adapter's clock: epoch milliseconds, passed in. Only the CLI, the composition root,
 * builds the real one; tests pass one they can move on.
 */
export type Clock = () => number;

/** An instant as ISO 8601 text, for rows and logs. Formats a time; never reads the clock. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
