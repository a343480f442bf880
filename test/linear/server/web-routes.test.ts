import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROADMAP_PAYLOADS } from '../../../src/contract/roadmap';
import { ROUTES, type RouteEntry } from '../../../src/linear/server/auth/route-table';
import type { RoadmapHandlers, WebCaller } from '../../../src/linear/server/web-routes';
import { SIGN_IN_NOT_CONFIGURED } from '../../../src/linear/server/web-routes';
import { startHarness, type Harness } from '../support/harness';
import { ACME, ANA } from '../support/local-oauth';
import { signInTo } from '../support/sign-in';

const TOKEN = 'krt_web_0123456789abcdef0123456789';
const SCRIPT = 'index-Ab12_cd.js';
const STYLE = 'index-Zy98.css';

/** A build folder shaped as Vite makes static/roadmap/build, and a file beside it to reach for. */
function pageBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'keyrank-page-'));
  // Where `/assets/..%2f..%2fpackage.json` would lead if names were not checked.
  writeFileSync(join(root, 'package.json'), '{ "name": "not-for-the-web" }');
  const dir = join(root, 'build');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Keyrank OKR roadmap</title>
    <script type="module" crossorigin src="./assets/${SCRIPT}"></script>
    <link rel="stylesheet" crossorigin href="./assets/${STYLE}">
  </head>
  <body><div id="root"></div></body>
</html>
`,
  );
  writeFileSync(join(dir, 'assets', SCRIPT), 'console.log("roadmap");\n');
  writeFileSync(join(dir, 'assets', STYLE), 'body { margin: 0 }\n');
  writeFileSync(join(dir, 'assets', 'notes.txt'), 'not part of the page');
  writeFileSync(join(dir, 'secret.txt'), 'outside the assets folder');
  return dir;
}

interface Call {
  key: string;
  payload: unknown;
  caller: WebCaller;
}

/** The roadmap API as the server mounts it, answering each key with an echo of the call. */
function stubRoadmap(calls: Call[]): RoadmapHandlers {
  return Object.fromEntries(
    Object.keys(ROADMAP_PAYLOADS).map((key) => [
      key,
      (payload: unknown, caller: WebCaller) => {
        calls.push({ key, payload, caller });
        return Promise.resolve({ ok: true, data: { answered: key } });
      },
    ]),
  ) as unknown as RoadmapHandlers;
}

/** A valid payload for each roadmap key, as the page sends it. */
const PAYLOADS: Record<keyof typeof ROADMAP_PAYLOADS, unknown> = {
  'roadmap/get': { projectKey: 'ENG' },
  'roadmap/linkIcebox': { issueKey: 'ENG-1', krId: 'O1-KR1' },
  'roadmap/previewRerank': { projectKey: 'ENG' },
  'roadmap/applyRerank': {
    projectKey: 'ENG',
    expectedOrder: ['ENG-1', 'ENG-2'],
    batch: { issues: ['ENG-2'], anchor: { before: 'ENG-1' } },
  },
  'roadmap/checkIn': { krId: 'O1-KR1', value: 42 },
};

/** A concrete path for a route template. */
function pathOf(route: RouteEntry): string {
  return route.path
    .replace(':file', SCRIPT)
    .replace(':identifier', 'ENG-1')
    .replace(':team', 'ENG')
    .replace(':id', 'O1-KR1');
}

/** A request sent exactly as written: fetch would resolve `..` before sending. */
function rawGet(h: Harness, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${h.baseUrl}/`, { path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('keyrank serve with Sign in with Linear: every route of the table', () => {
  let h: Harness;
  const calls: Call[] = [];
  let pageDir: string;
  beforeAll(async () => {
    pageDir = pageBuild();
    h = await startHarness({
      signIn: true,
      apiToken: TOKEN,
      roadmap: stubRoadmap(calls),
      pageDir,
    });
  });
  afterAll(async () => {
    await h.close();
  });

  /** What each kind answers to a request with no credentials at all. */
  const unauthenticated: Record<RouteEntry['kind'], (route: RouteEntry, r: Response) => void> = {
    webhook: (route, r) => expect(r.status, route.path).toBe(401),
    public: (route, r) => expect(r.status, route.path).toBe(200),
    auth: (route, r) => {
      if (route.path === '/auth/sign-in') {
        expect(r.status).toBe(302);
        expect(r.headers.get('location')).toMatch(
          new RegExp(`^${h.oauth?.url ?? 'none'}/oauth/authorize\\?`),
        );
      } else if (route.path === '/auth/callback') {
        expect(r.status).toBe(400); // no code, no state
      } else {
        expect(r.status).toBe(200); // signing out without a session: nothing to end
      }
    },
    page: (route, r) => {
      expect(r.status, route.path).toBe(302);
      expect(r.headers.get('location'), route.path).toBe(
        `/auth/sign-in?return=${encodeURIComponent(pathOf(route))}`,
      );
    },
    api: (route, r) => {
      expect(r.status, route.path).toBe(401);
      expect(r.headers.get('content-type'), route.path).toMatch(/^application\/json/);
    },
  };

  it('refuses every page and API route without credentials, walking the whole table', async () => {
    const seen = new Set<string>();
    for (const route of ROUTES) {
      const answer = await fetch(`${h.baseUrl}${pathOf(route)}`, {
        method: route.method,
        redirect: 'manual',
        ...(route.method === 'POST' && {
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
      });
      unauthenticated[route.kind](route, answer);
      await answer.arrayBuffer();
      seen.add(route.kind);
    }
    expect([...seen].sort()).toEqual(['api', 'auth', 'page', 'public', 'webhook']);
    expect(calls).toEqual([]);
  });

  it.each([
    ['/nope', 404],
    ['/teams/ENG/extra', 404],
    ['/api/roadmap/unknown', 404],
    ['/assets/', 404],
    ['/api/session/', 404],
  ])('answers %s with %i, whoever asks', async (path, status) => {
    const answer = await fetch(`${h.baseUrl}${path}`, { redirect: 'manual' });
    expect(answer.status).toBe(status);
  });

  it('answers 405, naming the method, to a known path asked with another', async () => {
    const get = await fetch(`${h.baseUrl}/api/roadmap/get`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const post = await fetch(`${h.baseUrl}/teams/ENG`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  describe('signed in (ANA, a member of the installed workspace)', () => {
    let cookie: string;
    let csrf: string;
    beforeAll(async () => {
      cookie = await signInTo(h);
      const session = (await (
        await fetch(`${h.baseUrl}/api/session`, { headers: { cookie } })
      ).json()) as { csrfToken: string };
      csrf = session.csrfToken;
      // The local Linear knows ANA by every token the local OAuth server gave her.
      for (const token of h.oauth?.issued ?? []) {
        h.linear.addPerson(token, { name: ANA.name, writes: 'allowed' });
      }
    });

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${h.baseUrl}${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });

    it('answers /api/session with the name, the CSRF token, where to sign out and the workspace', async () => {
      const answer = await fetch(`${h.baseUrl}/api/session`, { headers: { cookie } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(await answer.json()).toEqual({
        name: ANA.name,
        csrfToken: csrf,
        signOutUrl: '/auth/sign-out',
        // The installed workspace's URL key, kept with the app token: issue links open in Linear.
        workspaceUrlKey: ACME.urlKey,
      });
    });

    it('sends / to the roadmap of the first of her teams, read with her own token', async () => {
      const answer = await fetch(`${h.baseUrl}/`, { headers: { cookie }, redirect: 'manual' });
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toBe('/teams/ENG');
    });

    it('serves the page of a team with the transport tags and root asset URLs, no inline script', async () => {
      const answer = await fetch(`${h.baseUrl}/teams/eng`, { headers: { cookie } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.headers.get('cache-control')).toBe('private, no-store');
      const csp = answer.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      const html = await answer.text();
      expect(html).toContain('<meta name="keyrank-transport" content="fetch" />');
      expect(html).toContain('<meta name="keyrank-team" content="ENG" />');
      expect(html).toContain(`src="/assets/${SCRIPT}"`);
      expect(html).toContain(`href="/assets/${STYLE}"`);
      expect(html).not.toContain('./assets/');
      expect(html.match(/<script/g)?.length).toBe(1); // only the build's own module
    });

    it('refuses a team key that is not one, as a page', async () => {
      const answer = await fetch(`${h.baseUrl}/teams/%3Cscript%3E`, { headers: { cookie } });
      expect(answer.status).toBe(404);
      expect(await answer.text()).not.toContain('<script>');
    });

    it('passes each roadmap call, checked, to the API as her, and answers its ResolverResult', async () => {
      calls.length = 0;
      for (const [key, payload] of Object.entries(PAYLOADS)) {
        const answer = await post(`/api/${key}`, payload);
        expect(answer.status, key).toBe(200);
        expect(await answer.json(), key).toEqual({ ok: true, data: { answered: key } });
      }
      expect(calls.map((c) => c.key)).toEqual(Object.keys(PAYLOADS));
      for (const call of calls) {
        expect(call.payload).toEqual(PAYLOADS[call.key as keyof typeof PAYLOADS]);
        expect(call.caller).toMatchObject({ kind: 'person', userId: ANA.id, name: ANA.name });
        // Her own client, not the server's: Linear's permissions are hers.
        expect(call.caller.linear).not.toBe(h.serve.api);
      }
    });

    it('refuses a state-changing call without the CSRF token, or with another, before the API', async () => {
      calls.length = 0;
      const missing = await post('/api/roadmap/checkIn', PAYLOADS['roadmap/checkIn'], {
        'x-csrf-token': '',
      });
      expect(missing.status).toBe(403);
      expect(((await missing.json()) as { error: string }).error).toMatch(/X-CSRF-Token/);
      const wrong = await post('/api/roadmap/applyRerank', PAYLOADS['roadmap/applyRerank'], {
        'x-csrf-token': `${csrf}x`,
      });
      expect(wrong.status).toBe(403);
      const signOut = await fetch(`${h.baseUrl}/auth/sign-out`, {
        method: 'POST',
        headers: { cookie },
      });
      expect(signOut.status).toBe(403);
      expect(calls).toEqual([]);
    });

    it('answers a payload the contract refuses as invalid-input, naming the field, without calling the API', async () => {
      calls.length = 0;
      const answer = await post('/api/roadmap/checkIn', { krId: 'O1-KR1', value: 'lots' });
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as {
        ok: boolean;
        error: { kind: string; problems: string[] };
      };
      expect(body.ok).toBe(false);
      expect(body.error.kind).toBe('invalid-input');
      expect(body.error.problems.join(' ')).toMatch(/value/);
      expect(calls).toEqual([]);
    });

    it.each([
      ['not JSON', 'text/plain', '{}', 415],
      ['malformed JSON', 'application/json', '{"krId":', 400],
    ])('answers a body sent as %s with %i and a sentence', async (_what, type, body, status) => {
      const answer = await post('/api/roadmap/get', body, { 'content-type': type });
      expect(answer.status).toBe(status);
      expect(((await answer.json()) as { error: string }).error).toMatch(/JSON/);
    });

    it('refuses a body over 256 KiB with 413', async () => {
      const answer = await post('/api/roadmap/get', {
        projectKey: 'ENG',
        padding: 'x'.repeat(300 * 1024),
      });
      expect(answer.status).toBe(413);
    });

    it('signs her out with the CSRF token: the API then answers 401 and pages send to sign-in', async () => {
      const other = await signInTo(h);
      const otherCsrf = (
        (await (
          await fetch(`${h.baseUrl}/api/session`, { headers: { cookie: other } })
        ).json()) as {
          csrfToken: string;
        }
      ).csrfToken;
      const out = await fetch(`${h.baseUrl}/auth/sign-out`, {
        method: 'POST',
        headers: { cookie: other, 'content-type': 'application/x-www-form-urlencoded' },
        body: `csrf=${otherCsrf}`,
      });
      expect(out.status).toBe(200);
      expect((await fetch(`${h.baseUrl}/api/session`, { headers: { cookie: other } })).status).toBe(
        401,
      );
      const page = await fetch(`${h.baseUrl}/teams/ENG`, {
        headers: { cookie: other },
        redirect: 'manual',
      });
      expect(page.status).toBe(302);
      // The first session is untouched.
      expect((await fetch(`${h.baseUrl}/api/session`, { headers: { cookie } })).status).toBe(200);
    });
  });

  describe('a program with KEYRANK_API_TOKEN', () => {
    const auth = { authorization: `Bearer ${TOKEN}` };

    it('gets in without a CSRF token, acting with the server’s own client', async () => {
      calls.length = 0;
      const session = await fetch(`${h.baseUrl}/api/session`, { headers: auth });
      expect(await session.json()).toEqual({ program: true, workspaceUrlKey: ACME.urlKey });
      const answer = await fetch(`${h.baseUrl}/api/roadmap/get`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ projectKey: 'ENG' }),
      });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ ok: true, data: { answered: 'roadmap/get' } });
      expect(calls).toHaveLength(1);
      expect(calls[0]?.caller.kind).toBe('program');
      expect(calls[0]?.caller.linear).toBe(h.serve.api);
    });

    it('is refused with another token', async () => {
      const wrong = await fetch(`${h.baseUrl}/api/session`, {
        headers: { authorization: `Bearer ${TOKEN}x` },
      });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ error: 'Invalid bearer token' });
    });
  });

  describe('the page’s assets', () => {
    it.each([
      [SCRIPT, 'text/javascript; charset=utf-8'],
      [STYLE, 'text/css; charset=utf-8'],
    ])('serves %s to anyone as %s, cached for a year', async (file, type) => {
      const answer = await fetch(`${h.baseUrl}/assets/${file}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe(type);
      expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it.each([
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%2fsecret.txt',
      '/assets/%2e%2e%2fsecret.txt',
      '/assets/..%5csecret.txt',
      '/assets/notes.txt',
      '/assets/.hidden.js',
      '/assets/missing-123.js',
      '/assets/%E0%A4%A',
    ])('refuses %s with 404', async (path) => {
      const answer = await rawGet(h, path);
      expect(answer.status).toBe(404);
      expect(answer.body).not.toContain('outside the assets folder');
      expect(answer.body).not.toContain('not-for-the-web');
    });

    it('never leaves the folder for a raw ../ path either', async () => {
      const answer = await rawGet(h, '/assets/../../package.json');
      expect(answer.status).toBe(404);
      expect(answer.body).not.toContain('not-for-the-web');
    });
  });
});

describe('keyrank serve without Sign in with Linear configured', () => {
  let h: Harness;
  beforeAll(async () => {
    // The real roadmap API (src/linear/server/api/roadmap-api.ts), as `keyrank serve` mounts it.
    h = await startHarness({ apiToken: TOKEN, pageDir: pageBuild() });
  });
  afterAll(async () => {
    await h.close();
  });

  it('never opens a page or the API, and says what to set', async () => {
    for (const route of ROUTES.filter((r) => r.kind === 'page' || r.kind === 'auth')) {
      const answer = await fetch(`${h.baseUrl}${pathOf(route)}`, {
        method: route.method,
        redirect: 'manual',
      });
      expect(answer.status, route.path).toBe(503);
      expect(await answer.text(), route.path).toContain('LINEAR_OAUTH_CLIENT_ID');
    }
    for (const route of ROUTES.filter(
      (r) => r.kind === 'api' && r.path !== '/api/key-results/:id/check-ins',
    )) {
      const answer = await fetch(`${h.baseUrl}${pathOf(route)}`, {
        method: route.method,
        headers: { 'content-type': 'application/json' },
        ...(route.method === 'POST' && { body: '{}' }),
      });
      expect(answer.status, route.path).toBe(401);
      expect(await answer.json(), route.path).toEqual({ error: SIGN_IN_NOT_CONFIGURED });
    }
  });

  it('still lets a program in with KEYRANK_API_TOKEN, to the real roadmap API', async () => {
    const authorization = `Bearer ${TOKEN}`;
    const session = await fetch(`${h.baseUrl}/api/session`, { headers: { authorization } });
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ program: true });
    const answer = await fetch(`${h.baseUrl}/api/roadmap/get`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ projectKey: 'ENG' }),
    });
    expect(answer.status).toBe(200);
    const result = (await answer.json()) as {
      ok: boolean;
      data: { scope: unknown; objectives: unknown[] };
    };
    expect(result.ok).toBe(true);
    expect(result.data.scope).toEqual({ kind: 'project', projectKey: 'ENG' });
    expect(result.data.objectives.length).toBeGreaterThan(0);
  });
});
