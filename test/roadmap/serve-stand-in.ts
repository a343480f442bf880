import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join } from 'node:path';
import type { RoadmapData } from '../../src/contract/roadmap';
import type { ResolverDefinitions } from './page-server';

/** A request the page made to the stand-in, as the server received it. */
export interface ServedRequest {
  method: string;
  path: string;
  csrf: string | undefined;
  cookie: string | undefined;
  contentType: string | undefined;
  body: string;
}

export interface ServeStandIn {
  url: string;
  requests: ServedRequest[];
  /** The session cookie the browser must send, and its CSRF token. */
  readonly cookie: { name: string; value: string };
  readonly csrfToken: string;
  /** The session ends: every `/api/*` call answers 401, as `keyrank serve` does. */
  endSession(): void;
  /** The session is replaced (signed in again elsewhere): the page's CSRF token is stale. */
  rotateCsrf(): void;
  /** The next `times` calls to `/api/roadmap/*` answer `status` (0: the connection drops). */
  failApi(status: number, times: number): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export const TEAMS = [
  { key: 'ENG', name: 'Engineering' },
  { key: 'OPS', name: 'Operations' },
];
export const SIGNED_IN = 'Ana Lopez';

/**
 * A strict policy as keyrank serve's pages get (docs/roadmap.md, "Two transports"): no inline
 * script, calls and forms only to this server. Bars and markers are inline `style` attributes.
 */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
export const WORKSPACE = 'acme';

/**
 * Plays `keyrank serve` for the roadmap page (docs/roadmap.md, "Two transports"): `/teams/:team`
 * is the built page with the two meta tags and absolute asset URLs; `/api/session` and
 * `POST /api/roadmap/*` check the session cookie (401) and, for POSTs, the CSRF header (403),
 * then answer what the **real** roadmap resolvers answer (`definitions`, over the local Jira),
 * each team a project, sprints named as Linear names cycles; `POST /auth/sign-out` checks the
 * `csrf` form field. Every request is recorded.
 */
export async function startServeStandIn(
  buildDir: string,
  definitions: ResolverDefinitions,
  accountId = 'user-alice',
): Promise<ServeStandIn> {
  const requests: ServedRequest[] = [];
  const cookie = { name: 'keyrank_session', value: 'session-of-ana' };
  let csrfToken = 'csrf-1f0e2d3c4b5a';
  let signedIn = true;
  let failing = { status: 0, times: 0 };

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const hasSession = (req: IncomingMessage): boolean =>
    signedIn && (req.headers.cookie ?? '').split(/;\s*/).includes(`${cookie.name}=${cookie.value}`);

  const teamPage = async (res: ServerResponse, team: string): Promise<void> => {
    const html = (await readFile(join(buildDir, 'index.html'), 'utf8'))
      .replace(
        '<head>',
        `<head>\n    <meta name="keyrank-transport" content="fetch" /><meta name="keyrank-team" content="${team}" />`,
      )
      .replaceAll('"./assets/', '"/assets/');
    res.writeHead(200, { 'Content-Type': TYPES['.html'] ?? '', 'Content-Security-Policy': CSP });
    res.end(html);
  };

  /** The real resolver's answer, as keyrank serve would shape it for a Linear team. */
  const resolve = async (key: string, body: string): Promise<unknown> => {
    const answer = (await definitions(
      { call: { functionKey: key, payload: JSON.parse(body) as unknown }, context: { accountId } },
      { principal: { accountId } },
    )) as { ok: boolean; data?: unknown };
    if (key === 'roadmap/get' && answer.ok) {
      const data = answer.data as RoadmapData;
      return {
        ok: true,
        data: {
          ...data,
          teams: TEAMS,
          sprints: data.sprints.map((s) => ({ ...s, sprint: s.sprint.replace('Sprint', 'Cycle') })),
        },
      };
    }
    return answer;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    const header = (name: string): string | undefined => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    requests.push({
      method,
      path,
      csrf: header('x-csrf-token'),
      cookie: header('cookie'),
      contentType: header('content-type'),
      body,
    });
    const team = /^\/teams\/([A-Z]+)$/.exec(path)?.[1];
    if (method === 'GET' && team !== undefined) {
      return teamPage(res, team);
    }
    if (method === 'GET' && path.startsWith('/assets/')) {
      const file = join(buildDir, 'assets', basename(path));
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      return res.end(await readFile(file));
    }
    if (method === 'POST' && path === '/auth/sign-out') {
      const given = new URLSearchParams(body).get('csrf') ?? header('x-csrf-token');
      if (!hasSession(req) || given !== csrfToken) {
        res.writeHead(403, { 'Content-Type': TYPES['.html'] ?? '' });
        return res.end('<!doctype html><title>Not signed out</title><h1>Not signed out</h1>');
      }
      signedIn = false;
      res.writeHead(200, { 'Content-Type': TYPES['.html'] ?? '' });
      return res.end('<!doctype html><html lang="en"><title>Signed out</title><h1>Signed out</h1>');
    }
    if (!path.startsWith('/api/')) {
      return json(res, 404, { error: 'Not found' });
    }
    if (!hasSession(req)) {
      return json(res, 401, { error: 'Sign in with Linear at /auth/sign-in' });
    }
    if (method === 'GET' && path === '/api/session') {
      return json(res, 200, {
        name: SIGNED_IN,
        team: 'ENG',
        csrfToken,
        signOutUrl: '/auth/sign-out',
        workspaceUrlKey: WORKSPACE,
      });
    }
    const key = path.slice('/api/'.length);
    if (method !== 'POST' || !key.startsWith('roadmap/')) {
      return json(res, 404, { error: 'Not found' });
    }
    if (header('x-csrf-token') !== csrfToken) {
      return json(res, 403, { error: 'The CSRF token does not match your session' });
    }
    if (failing.times > 0) {
      failing.times--;
      if (failing.status === 0) {
        return res.destroy();
      }
      return json(res, failing.status, { error: `failing with ${failing.status}` });
    }
    return json(res, 200, await resolve(key, body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        json(res, 500, { error: error instanceof Error ? error.message : 'failed' });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cookie,
    get csrfToken() {
      return csrfToken;
    },
    endSession: () => {
      signedIn = false;
    },
    rotateCsrf: () => {
      csrfToken = `${csrfToken}-new`;
    },
    failApi: (status, times) => {
      failing = { status, times };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
