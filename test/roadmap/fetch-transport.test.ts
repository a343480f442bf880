import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defineResolvers } from '../../src/jira/forge/define-resolvers';
import { roadmapHandlers } from '../../src/jira/pages/roadmap/roadmap-handlers';
import { startHarness, type Harness } from '../jira/harness';
import { seriousViolations } from './axe';
import { launchChromium } from './browser';
import { NEXT_SPRINT_KEYS, ROADMAP_OKRS, ROADMAP_SEEDS } from './fixtures';
import {
  SIGNED_IN,
  startServeStandIn,
  WORKSPACE,
  type ServedRequest,
  type ServeStandIn,
} from './serve-stand-in';

/**
 * The roadmap page's second transport (docs/roadmap.md, "Two transports"): the same build,
 * served the way `keyrank serve` serves it, talking `fetch` to `/api/...` with the session's
 * CSRF token. The API is a stand-in (test/roadmap/serve-stand-in.ts) answering what the real
 * roadmap resolvers answer over the local Jira — every number comes from the core, none is
 * written here. Real `keyrank serve` with sign-in and the local Linear is the end-to-end
 * test's business.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = `${root}test/artifacts`;

let buildDir: string;
let browser: Browser;
let h: Harness;
let server: ServeStandIn;
let context: BrowserContext;
let page: Page;
let pageErrors: string[] = [];

/** What the page asked the server, in order, without the page and its assets. */
const apiCalls = (): ServedRequest[] =>
  server.requests.filter((r) => r.path.startsWith('/api/') || r.path.startsWith('/auth/'));

async function openTeam(
  team = 'ENG',
  options: { width?: number; colorScheme?: 'light' | 'dark'; signedIn?: boolean } = {},
): Promise<void> {
  await context?.close();
  context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  if (options.signedIn ?? true) {
    await context.addCookies([{ ...server.cookie, url: server.url }]);
  }
  // Linear itself is not reachable from the tests: a new tab to it gets this stand-in answer.
  await context.route('https://linear.app/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>Linear issue</title>' }),
  );
  page = await context.newPage();
  page.setDefaultTimeout(8_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // A script, style or call the server's Content-Security-Policy refuses fails the test too.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      pageErrors.push(message.text());
    }
  });
  await page.goto(`${server.url}/teams/${team}`);
}

const objectivesShown = () =>
  page.getByRole('heading', { name: 'Objectives and key results' }).waitFor();

beforeAll(async () => {
  // Its own build directory: the Jira page test builds static/roadmap/build at the same time.
  buildDir = await mkdtemp(join(tmpdir(), 'keyrank-roadmap-fetch-'));
  await build({
    configFile: `${root}static/roadmap/vite.config.ts`,
    logLevel: 'warn',
    build: { outDir: buildDir, emptyOutDir: true },
  });
  await mkdir(artifacts, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await h?.close();
  await rm(buildDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await server?.close();
  await h?.close();
  h = await startHarness(ROADMAP_SEEDS, { okrFile: ROADMAP_OKRS });
  for (const key of NEXT_SPRINT_KEYS) {
    const issue = h.jira.state.get(key);
    if (issue !== undefined) {
      issue.sprint = { name: 'Sprint 13', state: 'future' };
    }
  }
  const deps = h.deps;
  server = await startServeStandIn(
    buildDir,
    defineResolvers(roadmapHandlers(), () => deps),
  );
  pageErrors = [];
  return () => {
    expect(h.jira.violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  };
});

describe('the roadmap page on keyrank serve: fetch to /api with the session’s CSRF token', () => {
  it('asks /api/session first, then /api/roadmap/get with the CSRF token; Linear’s words', async () => {
    await openTeam('ENG');
    await objectivesShown();

    expect(apiCalls().map((r) => [r.method, r.path])).toEqual([
      ['GET', '/api/session'],
      ['POST', '/api/roadmap/get'],
    ]);
    const [session, get] = apiCalls();
    expect(session?.cookie).toContain(`${server.cookie.name}=${server.cookie.value}`);
    expect(get?.csrf).toBe(server.csrfToken);
    expect(get?.contentType).toBe('application/json');
    expect(JSON.parse(get?.body ?? '')).toEqual({ projectKey: 'ENG' });
    // No Forge host here: @forge/bridge (which throws outside one) is never even loaded.
    const assets = server.requests.filter((r) => r.path.startsWith('/assets/'));
    expect(assets.map((r) => r.path).filter((p) => /forge-host/.test(p))).toEqual([]);
    expect(assets.length).toBeGreaterThan(0);

    await expect.poll(() => page.getByTestId('signed-in-name').textContent()).toBe(SIGNED_IN);
    expect(await page.locator('.kr-header .kr-subtle').last().textContent()).toContain(
      'team ENG · as of 2026-11-15',
    );
    // Linear plans in cycles: the capacity section says so, with the core's numbers.
    const capacity = page.getByRole('region', { name: 'Cycle capacity' });
    const active = capacity.getByTestId('sprint-Cycle 12');
    expect(await active.getByRole('img').getAttribute('aria-label')).toContain(
      'OKR 87.5%, BAU 12.5%, unaligned 0%',
    );
    expect(await capacity.getByTestId('sprint-Cycle 13').textContent()).toContain('Next');
    // The page's own words; the capacity warnings are the core's sentences, as the server sends them.
    const main = await page.locator('main').textContent();
    expect(main).not.toContain('Sprint capacity');
    expect(main).not.toContain('rank call');
  });

  it('switches teams with the labelled picker, from the keyboard, and follows the URL', async () => {
    await openTeam('ENG');
    await objectivesShown();
    const picker = page.getByRole('combobox', { name: 'Team' });
    expect(await picker.inputValue()).toBe('ENG');
    expect(await picker.locator('option').allTextContents()).toEqual([
      'Engineering (ENG)',
      'Operations (OPS)',
    ]);

    await picker.focus();
    await page.keyboard.press('ArrowDown');
    await page.getByText('team OPS · as of 2026-11-15').waitFor();
    expect(new URL(page.url()).pathname).toBe('/teams/OPS');
    expect(await picker.inputValue()).toBe('OPS');
    // The picker kept the focus through the reload: the keyboard user is where they were.
    expect(await page.evaluate('document.activeElement?.id')).toBe('kr-team');
    const gets = apiCalls().filter((r) => r.path === '/api/roadmap/get');
    expect(gets.map((r) => JSON.parse(r.body) as unknown)).toEqual([
      { projectKey: 'ENG' },
      { projectKey: 'OPS' },
    ]);
    expect(gets.every((r) => r.csrf === server.csrfToken)).toBe(true);
    // OPS's own backlog, from the same core: its KR issue, no ENG issue.
    const o2kr2 = page.getByRole('list', { name: 'Issues linked to O2-KR2, by score' });
    expect(await o2kr2.locator('.kr-issue__key').allTextContents()).toEqual([
      'OPS-1 (opens in Linear, new tab)',
    ]);

    // Back goes back to ENG, without another session call.
    await page.goBack();
    await page.getByText('team ENG · as of 2026-11-15').waitFor();
    expect(await picker.inputValue()).toBe('ENG');
    expect(apiCalls().filter((r) => r.path === '/api/session')).toHaveLength(1);
  });

  it('opens issue keys in Linear, in a new tab that says so', async () => {
    await openTeam('ENG');
    await objectivesShown();
    const link = page
      .getByRole('list', { name: 'Issues linked to O2-KR1, by score' })
      .getByRole('link', { name: 'ENG-5 (opens in Linear, new tab)' });
    expect(await link.getAttribute('href')).toBe(`https://linear.app/${WORKSPACE}/issue/ENG-5`);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');

    const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`https://linear.app/${WORKSPACE}/issue/ENG-5`);
    // The roadmap stayed where it was.
    expect(new URL(page.url()).pathname).toBe('/teams/ENG');
  });

  it('links an Icebox issue, previews and applies a re-rank, all with the CSRF token', async () => {
    await openTeam('ENG');
    const entry = page.getByTestId('icebox-ENG-6');
    await page.getByLabel('Key result for ENG-6').selectOption('O2-KR3');
    await entry.getByRole('button', { name: 'Link to KR: ENG-6 to the chosen key result' }).click();
    await page.getByText('ENG-6 is linked to O2-KR3 and out of the Icebox.').waitFor();
    expect(h.jira.state.get('ENG-6')?.keyResults).toEqual(['O2-KR3']);

    await page.getByRole('button', { name: 'Preview re-rank' }).click();
    const caption = await page.locator('.kr-preview caption').textContent();
    const batches = Number(/ in (\d+) write batch(?:es)?$/.exec(caption ?? '')?.[1]);
    expect(batches).toBeGreaterThan(0);
    await page.getByRole('button', { name: /^Apply \d+ moves$/ }).click();
    await page.getByText(/^Re-ranked: \d+ moves in \d+ write batch(es)?\.$/).waitFor();

    const posts = apiCalls().filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.path)).toEqual([
      '/api/roadmap/get',
      '/api/roadmap/linkIcebox',
      '/api/roadmap/get',
      '/api/roadmap/previewRerank',
      ...Array<string>(batches).fill('/api/roadmap/applyRerank'),
      '/api/roadmap/get',
    ]);
    expect(posts.every((r) => r.csrf === server.csrfToken)).toBe(true);
    expect(JSON.parse(posts[1]?.body ?? '')).toEqual({ issueKey: 'ENG-6', krId: 'O2-KR3' });
  });

  it('signs out with a form posting the session’s CSRF token', async () => {
    await openTeam('ENG');
    await objectivesShown();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Signed out' }).waitFor();
    const signOut = server.requests.filter((r) => r.path === '/auth/sign-out');
    expect(signOut).toHaveLength(1);
    expect(signOut[0]?.method).toBe('POST');
    expect(signOut[0]?.contentType).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(signOut[0]?.body).get('csrf')).toBe(server.csrfToken);
  });
});

describe('when the session or the server fails', () => {
  it('a 401 at start says the session ended and links to sign-in coming back here', async () => {
    await openTeam('OPS', { signedIn: false });
    const ended = page.getByRole('alert');
    await ended.getByRole('heading', { name: 'Your session ended — sign in again' }).waitFor();
    const signIn = ended.getByRole('link', { name: 'Sign in with Linear' });
    expect(await signIn.getAttribute('href')).toBe('/auth/sign-in?return=%2Fteams%2FOPS');
    expect(await ended.getByRole('button', { name: 'Reload the page' }).count()).toBe(0);
    expect(apiCalls().map((r) => r.path)).toEqual(['/api/session']);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('a 401 mid-way (session ended) replaces the page with the way back, focused', async () => {
    await openTeam('ENG');
    await objectivesShown();
    server.endSession();
    await page.getByRole('button', { name: 'Preview re-rank' }).click();
    const heading = page.getByRole('heading', { name: 'Your session ended — sign in again' });
    await heading.waitFor();
    expect(await page.evaluate('document.activeElement?.id')).toBe('session-ended-title');
    expect(await page.getByRole('link', { name: 'Sign in with Linear' }).getAttribute('href')).toBe(
      '/auth/sign-in?return=%2Fteams%2FENG',
    );
    expect(await page.getByRole('heading', { name: 'Objectives and key results' }).count()).toBe(0);
  });

  it('a 403 (stale CSRF token) says so and reloading brings the page back', async () => {
    await openTeam('ENG');
    await objectivesShown();
    server.rotateCsrf();
    await page.getByRole('button', { name: 'Preview re-rank' }).click();
    const ended = page.getByRole('alert');
    await ended
      .getByText('security token no longer matches your session', { exact: false })
      .waitFor();
    await ended.getByRole('button', { name: 'Reload the page' }).click();
    await objectivesShown();
    const last = apiCalls().at(-1);
    expect([last?.path, last?.csrf]).toEqual(['/api/roadmap/get', server.csrfToken]);
  });

  it.each([
    [429, 'Linear is busy (rate limited) — try again in a minute.'],
    [
      0,
      "Keyrank's server did not answer — try again; if it keeps failing, ask whoever runs Keyrank to check its logs.",
    ],
    [503, 'failing with 503'],
  ])('HTTP %i is explained, and Try again works', async (status, message) => {
    // Failing until told otherwise: Chromium itself retries a dropped connection once.
    server.failApi(status, Infinity);
    await openTeam('ENG');
    const alert = page.getByRole('alert');
    await alert.getByText(message).waitFor();
    server.failApi(status, 0);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await objectivesShown();
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});

describe('looks and accessibility', () => {
  it.each([
    [1280, 'light'],
    [1280, 'dark'],
    [800, 'light'],
    [800, 'dark'],
  ] as const)(
    'at %i px in %s mode (the browser’s): screenshot, no serious axe violation',
    async (width, mode) => {
      await openTeam('ENG', { width, colorScheme: mode });
      await objectivesShown();
      expect(await page.evaluate('document.documentElement.dataset.colorMode')).toBe(mode);
      const background = await page.evaluate(
        'getComputedStyle(document.querySelector(".kr-section")).backgroundColor',
      );
      expect(background).toBe(mode === 'dark' ? 'rgb(34, 39, 43)' : 'rgb(255, 255, 255)');
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        width,
      );
      await page.screenshot({
        path: `${artifacts}/linear-roadmap-${width}-${mode}.png`,
        fullPage: true,
      });
      expect(await seriousViolations(page)).toEqual([]);
    },
  );
});
