/**
 * How many of Keyrank's own `sortOrder` writes are remembered: far more than the moves of one
 * re-rank or sync, whose echoes arrive seconds later.
 */
export const OWN_SORT_ORDERS_CAP = 10_000;

/**
 * The sort orders Keyrank wrote, by issue id, so the webhook echo of its own move is not taken
 * for a person dragging the issue (which would re-rank again). Bounded: past `cap` the oldest
 * write is forgotten. An echo comes seconds after its write, and a forgotten one costs at most
 * a re-rank that finds nothing to move, never a wrong order.
 */
export class OwnSortOrders {
  /** Insertion order is age: the first key is the oldest write. */
  private readonly byIssue = new Map<string, number>();

  constructor(readonly cap = OWN_SORT_ORDERS_CAP) {}

  get size(): number {
    return this.byIssue.size;
  }

  remember(issueId: string, sortOrder: number): void {
    // Deleted first, so a rewritten issue counts as the newest write.
    this.byIssue.delete(issueId);
    this.byIssue.set(issueId, sortOrder);
    if (this.byIssue.size > this.cap) {
      const oldest = this.byIssue.keys().next();
      if (oldest.done !== true) {
        this.byIssue.delete(oldest.value);
      }
    }
  }

  /** A write Linear refused: its issue keeps the order a person gave it. */
  forget(issueId: string): void {
    this.byIssue.delete(issueId);
  }

  /** Whether `sortOrder` on the issue is the one Keyrank wrote last. */
  isOwn(issueId: string, sortOrder: number): boolean {
    return this.byIssue.get(issueId) === sortOrder;
  }
}
