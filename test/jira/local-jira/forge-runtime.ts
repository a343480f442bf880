/**
 * The seam the Forge runtime itself fills: `@forge/api` sends every product request through
 * `global.__forge_fetch__(descriptor, path, init)` and reads `global.__forge_runtime__`.
 * Installing both runs the real `@forge/api` (route checks, asApp/asUser, Response handling)
 * against the local Jira; the descriptor's provider and account travel as test headers so the
 * server can apply per-user permissions.
 */

interface ProductDescriptor {
  type: string;
  provider: string;
  remote?: string;
  accountId?: string;
}

type ForgeFetch = (
  descriptor: ProductDescriptor,
  path: string,
  init?: RequestInit,
) => Promise<Response>;

interface ForgeGlobals {
  __forge_fetch__?: ForgeFetch;
  __forge_runtime__?: unknown;
}

export interface ForgeRuntimeHandle {
  /** The account `asUser()` acts for, as the invocation's principal would be. */
  actAs(accountId: string): void;
  /** What `@forge/kvs` stored, by key. */
  kvs: Map<string, unknown>;
  /** What `@forge/events` pushed: each push's queue name and event bodies. */
  pushes: { queueName: string; bodies: unknown[] }[];
  uninstall(): void;
}

const json = (status: number, body: unknown): Response =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

/** Forge's key-value store API as `@forge/kvs` calls it: POST /api/v1/get|set|delete. */
function serveKvs(store: Map<string, unknown>, path: string, init?: RequestInit): Response {
  const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as {
    key: string;
    value?: unknown;
  };
  if (path === '/api/v1/get') {
    return store.has(body.key)
      ? json(200, { key: body.key, value: store.get(body.key) })
      : json(404, { code: 'KEY_NOT_FOUND', message: `no value for ${body.key}` });
  }
  if (path === '/api/v1/set') {
    store.set(body.key, structuredClone(body.value));
    return json(204, undefined);
  }
  if (path === '/api/v1/delete') {
    store.delete(body.key);
    return json(204, undefined);
  }
  return json(400, { code: 'INVALID_REQUEST', message: `the local KVS does not serve ${path}` });
}

const noop = (): void => undefined;

export function installForgeRuntime(baseUrl: string, accountId = 'user-alice'): ForgeRuntimeHandle {
  const g = globalThis as ForgeGlobals;
  let principal = accountId;
  const kvs = new Map<string, unknown>();
  const pushes: ForgeRuntimeHandle['pushes'] = [];
  g.__forge_runtime__ = {
    appContext: {
      appId: '00000000-0000-0000-0000-000000000000',
      appVersion: '1.0.0',
      environmentId: 'env-1',
      environmentType: 'DEVELOPMENT',
      invocationId: 'test-invocation',
      installationId: 'test-installation',
      moduleKey: 'test',
    },
    aaid: principal,
    lambdaContext: { getRemainingTimeInMillis: () => 25_000 },
    metrics: {
      counter: () => ({ incr: noop, decr: noop }),
      timing: () => ({ measure: () => ({ stop: noop }) }),
    },
  };
  g.__forge_fetch__ = async (descriptor, path, init) => {
    if (descriptor.type === 'kvs') {
      return serveKvs(kvs, path, init);
    }
    if (descriptor.remote === 'stargate' && path.startsWith('/webhook/queue/publish/')) {
      const push = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as {
        queueName: string;
        payload: { body: unknown }[];
      };
      pushes.push({ queueName: push.queueName, bodies: push.payload.map((e) => e.body) });
      return json(201, {});
    }
    if (descriptor.remote !== 'jira') {
      throw new Error(
        `the local runtime only serves Jira, not ${descriptor.remote ?? descriptor.type}`,
      );
    }
    const headers = new Headers(init?.headers);
    headers.set('x-test-provider', descriptor.provider);
    headers.set(
      'x-test-account',
      descriptor.provider === 'user' ? (descriptor.accountId ?? principal) : '',
    );
    return fetch(`${baseUrl}${path}`, { ...init, headers });
  };
  return {
    actAs: (id) => {
      principal = id;
    },
    kvs,
    pushes,
    uninstall: () => {
      delete g.__forge_fetch__;
      delete g.__forge_runtime__;
    },
  };
}
