/**
 * One task per key at a time, in the order asked. A team's re-rank (started by a debounce
 * timer) and its periodic sync (started by the worker loop) both write `sortOrder`: run
 * together, each would place issues from a read the other is invalidating.
 */
export interface TeamLock {
  run: <T>(teamId: string, task: () => Promise<T>) => Promise<T>;
}

export function teamLock(): TeamLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run: <T>(teamId: string, task: () => Promise<T>): Promise<T> => {
      const before = tails.get(teamId) ?? Promise.resolve();
      const result = before.then(task);
      // The next task waits for this one whether it succeeds or fails.
      const tail = result.catch(() => undefined);
      tails.set(teamId, tail);
      void tail.then(() => {
        if (tails.get(teamId) === tail) {
          tails.delete(teamId);
        }
      });
      return result;
    },
  };
}
