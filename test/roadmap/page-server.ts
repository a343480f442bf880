import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

/** How Forge calls a resolver function: `makeResolver(...)`'s definitions handler. */
export type ResolverDefinitions = (
  payload: { call: { functionKey: string; payload?: unknown }; context: Record<string, unknown> },
  backendRuntimePayload?: Record<string, unknown>,
) => Promise<unknown>;

export interface BridgeCall {
  cmd: string;
  data: { functionKey?: string; payload?: unknown; url?: string; type?: string } | undefined;
}

export interface PageServer {
  url: string;
  /** Every bridge call the page made, in order. */
  calls: BridgeCall[];
  /** What `view.getContext()` answers, and what Forge passes resolvers as `context`. */
  setContext(context: Record<string, unknown>): void;
  /** Holds bridge answers until the returned function is called: loading states stay visible. */
  hold(): () => void;
  /** The colour mode the host answers `view.theme.enable()` with (Jira's light or dark theme). */
  setColorMode(mode: 'light' | 'dark'): void;
  /** The next `times` resolver invocations fail in the host, as when the function times out. */
  failInvokes(times: number): void;
  /** The `router.navigate` / `router.open` calls the page made: `{ url, type }`. */
  navigations(): { url: string; type: string }[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Serves the built page on loopback and plays the Forge host for it: `POST /__bridge` takes
 * what `@forge/bridge` would hand the host (`getContext`, `invoke`) and, for `invoke`, calls
 * the real resolver definitions the way Forge does, principal and extension context included.
 */
export async function startPageServer(
  buildDir: string,
  definitions: ResolverDefinitions,
  accountId = 'user-alice',
): Promise<PageServer> {
  const calls: BridgeCall[] = [];
  let context: Record<string, unknown> = {};
  let gate: Promise<void> = Promise.resolve();
  let colorMode: 'light' | 'dark' = 'light';
  let failing = 0;

  const bridge = async (call: BridgeCall): Promise<unknown> => {
    // The host's own answers are not held: only the app's calls wait behind `hold()`.
    if (call.cmd === 'enableTheming') {
      return { colorMode };
    }
    if (call.cmd === 'navigate') {
      return null;
    }
    await gate;
    if (call.cmd === 'getContext') {
      return { accountId, locale: 'en-US', moduleKey: 'keyrank-roadmap', ...context };
    }
    if (call.cmd === 'invoke' && failing > 0) {
      failing--;
      throw new Error('the function did not answer in time');
    }
    if (call.cmd === 'invoke' && typeof call.data?.functionKey === 'string') {
      return definitions(
        {
          call: { functionKey: call.data.functionKey, payload: call.data.payload },
          context: { accountId, ...context },
        },
        { principal: { accountId } },
      );
    }
    throw new Error(`the test host does not implement bridge command ${call.cmd}`);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        try {
          if (req.method === 'POST' && path === '/__bridge') {
            const call = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BridgeCall;
            calls.push(call);
            const answer = await bridge(call);
            res.setHeader('Content-Type', 'application/json');
            res.end(JSON.stringify(answer ?? null));
            return;
          }
          const file = normalize(join(buildDir, path === '/' ? 'index.html' : path));
          if (!file.startsWith(normalize(buildDir))) {
            res.statusCode = 403;
            res.end();
            return;
          }
          const body = await readFile(file);
          res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
          res.end(body);
        } catch (error) {
          res.statusCode = path === '/__bridge' ? 500 : 404;
          res.end(error instanceof Error ? error.message : 'failed');
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    setContext: (next) => {
      context = next;
    },
    setColorMode: (mode) => {
      colorMode = mode;
    },
    failInvokes: (times) => {
      failing = times;
    },
    navigations: () =>
      calls
        .filter((c) => c.cmd === 'navigate')
        .map((c) => ({ url: c.data?.url ?? '', type: c.data?.type ?? '' })),
    hold: () => {
      let release = (): void => undefined;
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        gate = Promise.resolve();
        release();
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/**
 * The page-side half: in Jira the host page installs `window.__bridge` before the app's
 * script runs, and `@forge/bridge` sends every call through `__bridge.callBridge(cmd, data)`.
 * Installed with `page.addInitScript`, this one forwards them to the test server. Like Jira,
 * it answers `enableTheming` by marking the document with the user's colour mode.
 */
export const BRIDGE_SHIM = `
window.__bridge = {
  callBridge: async (cmd, data) => {
    const response = await fetch('/__bridge', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ cmd, data }),
    });
    if (!response.ok) {
      throw new Error(await response.text());
    }
    const answer = await response.json();
    if (cmd === 'enableTheming' && answer !== null) {
      document.documentElement.dataset.colorMode = answer.colorMode;
      document.documentElement.dataset.theme = 'light:light dark:dark';
      return undefined;
    }
    return answer;
  },
};
`;
