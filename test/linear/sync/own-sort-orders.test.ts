import { describe, expect, it } from 'vitest';
import { OWN_SORT_ORDERS_CAP, OwnSortOrders } from '../../../src/linear/sync/own-sort-orders';

describe("Keyrank's own sort-order writes", () => {
  it('stay under the cap after 100,000 writes, and the recent ones are still recognised', () => {
    const own = new OwnSortOrders();
    for (let i = 0; i < 100_000; i++) {
      own.remember(`issue-${i}`, i / 7);
    }
    expect(own.size).toBe(OWN_SORT_ORDERS_CAP);
    // The latest writes: their echoes are Keyrank's own, not a person's drag.
    for (let i = 100_000 - OWN_SORT_ORDERS_CAP; i < 100_000; i += 997) {
      expect(own.isOwn(`issue-${i}`, i / 7)).toBe(true);
    }
    expect(own.isOwn('issue-99999', 99_999 / 7)).toBe(true);
    // The oldest are forgotten: at worst one re-rank that finds nothing to move.
    expect(own.isOwn('issue-0', 0)).toBe(false);
  });

  it('counts a rewritten issue as a new write, so a busy issue is not forgotten first', () => {
    const own = new OwnSortOrders(3);
    own.remember('a', 1);
    own.remember('b', 2);
    own.remember('a', 3);
    own.remember('c', 4);
    own.remember('d', 5);
    expect(own.isOwn('a', 3)).toBe(true);
    expect(own.isOwn('b', 2)).toBe(false);
    expect(own.size).toBe(3);
  });

  it('recognises only the sort order written last, and forgets a refused write', () => {
    const own = new OwnSortOrders();
    own.remember('a', 1.5);
    expect(own.isOwn('a', 1.5)).toBe(true);
    // A person moved it afterwards: not an echo.
    expect(own.isOwn('a', 2.5)).toBe(false);
    own.forget('a');
    expect(own.isOwn('a', 1.5)).toBe(false);
  });
});
