/**
 * How many aliased mutations go in one write request. Linear refuses a document over 10,000
 * complexity points, and what one mutation costs is not published: it is learned from the
 * `x-complexity` header of each write, so a batch grows to what fits and shrinks if mutations
 * turn out dearer. Until Linear has said, 50 (a size it has always taken).
 */
export const MAX_COMPLEXITY = 10_000;
/** Kept free under the limit: a mutation's cost varies with its input. */
const HEADROOM = 0.8;
export const FIRST_MUTATIONS_PER_REQUEST = 50;
/** However cheap mutations are, a request stays this small (its body, Linear's time to answer). */
export const MAX_MUTATIONS_PER_REQUEST = 500;

export class DocumentSize {
  /** Complexity points per mutation, the dearest seen lately; undefined until measured. */
  private perMutation: number | undefined;

  constructor(private readonly maxComplexity = MAX_COMPLEXITY) {}

  /** Mutations that fit in the next request. */
  mutationsPerRequest(): number {
    if (this.perMutation === undefined) {
      return FIRST_MUTATIONS_PER_REQUEST;
    }
    const fit = Math.floor((this.maxComplexity * HEADROOM) / this.perMutation);
    return Math.max(1, Math.min(MAX_MUTATIONS_PER_REQUEST, fit));
  }

  /** The complexity points a request of `count` mutations is expected to cost. */
  expectedComplexity(count: number): number {
    return this.perMutation === undefined ? 0 : Math.ceil(this.perMutation * count);
  }

  /** What Linear charged for a request of `count` mutations. */
  learn(count: number, complexity: number | undefined): void {
    if (complexity === undefined || count <= 0 || complexity <= 0) {
      return;
    }
    const measured = complexity / count;
    // Up at once when mutations turn out dearer, down only halfway: one cheap batch must not
    // size the next over the limit.
    this.perMutation =
      this.perMutation === undefined
        ? measured
        : Math.max(measured, (this.perMutation + measured) / 2);
  }
}
