/**
 * The storage port: `@forge/kvs` in production (src/jira/forge/forge-ports.ts), a Map in tests.
 * Values come back as `unknown` on purpose — every reader validates them with its schema.
 */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export function memoryStore(initial: Record<string, unknown> = {}): KeyValueStore & {
  data: Map<string, unknown>;
} {
  const data = new Map<string, unknown>(Object.entries(initial));
  return {
    data,
    get: (key) => Promise.resolve(structuredClone(data.get(key))),
    set: (key, value) => {
      data.set(key, structuredClone(value));
      return Promise.resolve();
    },
  };
}
