/**
 * Runs `action(key)` once per key after `delayMs` of quiet: a burst of webhook events for one
 * team gives one re-rank. A key that fires while its action runs is run again afterwards.
 */
export interface Debouncer {
  trigger: (key: string) => void;
  /** Runs every waiting action now and waits for all of them (shutdown, tests). */
  flush: () => Promise<void>;
  /** Drops waiting actions without running them. */
  cancel: () => void;
}

export function debounce(
  delayMs: number,
  action: (key: string) => Promise<void>,
  onError: (key: string, error: unknown) => void,
): Debouncer {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();

  const run = (key: string): Promise<void> => {
    timers.delete(key);
    const current = running.get(key);
    if (current !== undefined) {
      again.add(key);
      return current;
    }
    const task = action(key)
      .catch((error: unknown) => onError(key, error))
      .finally(() => {
        running.delete(key);
        if (again.delete(key)) {
          trigger(key);
        }
      });
    running.set(key, task);
    return task;
  };

  const trigger = (key: string): void => {
    const timer = timers.get(key);
    if (timer !== undefined) {
      clearTimeout(timer);
    }
    timers.set(
      key,
      setTimeout(() => void run(key), delayMs),
    );
  };

  return {
    trigger,
    flush: async () => {
      const keys = [...timers.keys()];
      for (const key of keys) {
        clearTimeout(timers.get(key));
      }
      await Promise.all([...keys.map(run), ...running.values()]);
    },
    cancel: () => {
      for (const timer of timers.values()) {
        clearTimeout(timer);
      }
      timers.clear();
    },
  };
}
