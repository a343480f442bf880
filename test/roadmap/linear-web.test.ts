import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RerankPreview } from '../../src/contract/roadmap';
import type { ResolverResult } from '../../src/contract/result';
import { applyMoves } from '../../src/core/index';
import { startHarness, type Harness } from '../linear/support/harness';
import { startHttpsProxy, type HttpsProxy } from '../linear/support/https-proxy';
import type { LocalLinear, Team } from '../linear/support/local-linear';
import { ACME, ANA, BOB } from '../linear/support/local-oauth';
import { AS_OF, PUBLIC_URL } from '../linear/support/workspace';
import { seriousViolations } from './axe';
import { launchChromium } from './browser';

/**
 * Issue 12 end to end: the roadmap page in Chromium against the real `keyrank serve` (in-process,
 * sign-in on) with the local Linear and the local Linear OAuth server. A person signs in with
 * Linear, links an Icebox issue, previews and applies a re-rank, checks in a KR and signs out;
 * every write reaches the local Linear with that person's own token. A member of another
 * workspace is refused.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = `${root}test/artifacts`;
const RICE = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];

let buildDir: string;
let browser: Browser;
let h: Harness;
let proxy: HttpsProxy;
let context: BrowserContext;
let page: Page;
let pageErrors: string[] = [];
/** Every top-level navigation of the page, in order: the sign-in's round trip. */
let navigations: string[] = [];

/** ENG as the roadmap-api test seeds it: cycles, KR work, BAU, one Icebox issue (ENG-5). */
function seedEng(linear: LocalLinear, eng: Team): void {
  linear.addCycle(eng, 11, 'past');
  const active = linear.addCycle(eng, 12, 'active');
  const next = linear.addCycle(eng, 13, 'next', 'Launch week');
  const add = (title: string, fields: Parameters<LocalLinear['addIssue']>[1]) =>
    linear.addIssue(eng, { title, ...fields });
  // Unlinked and scored last, yet first in the manual order: the re-rank moves it down.
  add('Template gallery search', { labels: RICE, estimate: 2 });
  add('NPS survey follow-up emails for agencies', {
    labels: ['Key Results/O1-KR1', ...RICE],
    estimate: 4,
    cycleId: active.id,
    stateType: 'unstarted',
  });
  add('Churn alerts for agency accounts', {
    labels: ['Key Results/O1-KR2', ...RICE],
    estimate: 2,
    cycleId: active.id,
  });
  add('Fix login redirect', { labels: ['bau'], estimate: 3, cycleId: active.id });
  add('NPS survey reminders', {
    labels: ['icebox', ...RICE],
    estimate: 1,
    description: 'Remind agencies to answer the NPS survey',
    cycleId: next.id,
  });
  add('Onboarding checklist', {
    labels: ['Key Results/O2-KR1', ...RICE],
    estimate: 5,
    cycleId: next.id,
  });
}

/** A fresh browser (no cookies) at `PUBLIC_URL`, with Linear's own site stubbed. */
async function newBrowserPage(): Promise<void> {
  await context?.close();
  // The proxy's certificate is self-signed for the test; everything else is as in production.
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    ignoreHTTPSErrors: true,
  });
  await context.route('https://linear.app/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>Linear issue</title>' }),
  );
  page = await context.newPage();
  page.setDefaultTimeout(8_000);
  navigations = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      navigations.push(request.url());
    }
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // A script, style or call the server's Content-Security-Policy refuses fails the test too.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      pageErrors.push(message.text());
    }
  });
}

const objectivesShown = () =>
  page.getByRole('heading', { name: 'Objectives and key results' }).waitFor();

/** The local Linear's requests of one kind, as [top-level fields, who sent them]. */
const requestsOf = (kind: 'read' | 'write') =>
  h.linear.requests.filter((r) => r.kind === kind).map((r) => [r.fields.join(','), r.as]);

beforeAll(async () => {
  // Its own build directory: the other page tests build at the same time.
  buildDir = await mkdtemp(join(tmpdir(), 'keyrank-linear-web-'));
  await build({
    configFile: `${root}static/roadmap/vite.config.ts`,
    logLevel: 'warn',
    build: { outDir: buildDir, emptyOutDir: true },
  });
  await mkdir(artifacts, { recursive: true });
  h = await startHarness({
    signIn: true,
    pageDir: buildDir,
    before: (linear, { eng }) => seedEng(linear, eng),
  });
  // People reach keyrank serve as PUBLIC_URL (https) through a TLS-terminating reverse proxy.
  const publicHost = new URL(PUBLIC_URL).hostname;
  proxy = await startHttpsProxy(publicHost, h.baseUrl);
  browser = await launchChromium([
    `--host-resolver-rules=MAP ${publicHost} 127.0.0.1:${proxy.port}`,
  ]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await h?.close();
  if (buildDir !== undefined) {
    await rm(buildDir, { recursive: true, force: true });
  }
});

describe('a PM on Linear: sign in, link, re-rank, check in, sign out (issue 12)', () => {
  let sessionCookie = '';

  it('an unauthenticated request is refused: /api answers 401, the page goes to sign-in', async () => {
    const api = await fetch(`${h.baseUrl}/api/roadmap/get`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"projectKey":"ENG"}',
    });
    expect(api.status).toBe(401);
    const pageAnswer = await fetch(`${h.baseUrl}/teams/ENG`, { redirect: 'manual' });
    expect([pageAnswer.status, pageAnswer.headers.get('location')]).toEqual([
      302,
      '/auth/sign-in?return=%2Fteams%2FENG',
    ]);
  });

  it('opens /teams/ENG, signs in with Linear as Ana and lands back on the roadmap', async () => {
    pageErrors = [];
    await newBrowserPage();
    await page.goto(`${PUBLIC_URL}/teams/ENG`);
    await objectivesShown();

    // The round trip: the page → Keyrank's sign-in → Linear's authorize → the callback → back.
    const paths = navigations.map((u) => {
      const url = new URL(u);
      return `${url.origin === h.oauth?.url ? 'Linear' : url.origin} ${url.pathname}`;
    });
    expect(paths).toEqual([
      `${PUBLIC_URL} /teams/ENG`,
      `${PUBLIC_URL} /auth/sign-in`,
      'Linear /oauth/authorize',
      `${PUBLIC_URL} /auth/callback`,
      `${PUBLIC_URL} /teams/ENG`,
    ]);
    const authorize = new URL(navigations[2] ?? '');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/auth/callback`);

    await expect.poll(() => page.getByTestId('signed-in-name').textContent()).toBe(ANA.name);
    const cookie = (await context.cookies()).find((c) => c.name === 'keyrank_session');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });
    sessionCookie = `keyrank_session=${cookie?.value ?? ''}`;
    expect(await page.locator('.kr-header .kr-subtle').last().textContent()).toContain(
      `team ENG · as of ${AS_OF}`,
    );
    // Linear's cycles as the capacity section's timeboxes.
    const capacity = page.getByRole('region', { name: 'Cycle capacity' });
    await capacity.getByTestId('sprint-Cycle 12').waitFor();

    // Every read of the page went to the local Linear with Ana's own token.
    const reads = h.linear.requests.filter((r) => r.kind === 'read');
    expect(reads.length).toBeGreaterThan(0);
    expect(new Set(reads.map((r) => r.as))).toEqual(new Set([ANA.name]));

    await page.screenshot({ path: `${artifacts}/linear-web-signed-in-1280.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('opens issue keys in Linear, in the installed workspace, in a new tab', async () => {
    const session = (await (
      await fetch(`${h.baseUrl}/api/session`, { headers: { cookie: sessionCookie } })
    ).json()) as { workspaceUrlKey?: string };
    expect(session.workspaceUrlKey).toBe(ACME.urlKey);

    const link = page
      .getByRole('list', { name: 'Issues linked to O2-KR1, by score' })
      .getByRole('link', { name: 'ENG-6 (opens in Linear, new tab)' });
    expect(await link.getAttribute('href')).toBe(`https://linear.app/${ACME.urlKey}/issue/ENG-6`);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`https://linear.app/${ACME.urlKey}/issue/ENG-6`);
    await tab.close();
  });

  it('links the Icebox issue ENG-5 to O1-KR1: Linear now has the KR label, written as Ana', async () => {
    h.linear.requests = [];
    await page.getByTestId('icebox-ENG-5').waitFor();
    await page.getByLabel('Key result for ENG-5').selectOption('O1-KR1');
    await page
      .getByTestId('icebox-ENG-5')
      .getByRole('button', { name: 'Link to KR: ENG-5 to the chosen key result' })
      .click();
    await page.getByText('ENG-5 is linked to O1-KR1 and out of the Icebox.').waitFor();
    await page.getByTestId('icebox-ENG-5').waitFor({ state: 'detached' });

    const labels = h.linear.labelNames(h.linear.issue('ENG-5'));
    expect(labels).toContain('O1-KR1');
    expect(labels).not.toContain('icebox');
    // One write, the label added and the icebox label taken off together, with Ana's token.
    expect(requestsOf('write')).toEqual([['issueAddLabel,issueRemoveLabel', ANA.name]]);
    expect(pageErrors).toEqual([]);
  });

  it('previews a re-rank and applies it: Linear’s sortOrders follow the core’s target order', async () => {
    const eng = h.eng;
    const before = h.linear.order(eng);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/roadmap/previewRerank'));
    await page.getByRole('button', { name: 'Preview re-rank' }).click();
    const preview = (await (await answer).json()) as ResolverResult<RerankPreview>;
    if (!preview.ok) {
      throw new Error(`preview failed: ${preview.error.message}`);
    }
    expect(preview.data.order).toEqual(before);
    expect(preview.data.moves.length).toBeGreaterThan(0);
    // What the core says the order must become: its fewest moves applied to the preview's order.
    const target = applyMoves(
      preview.data.order,
      preview.data.moves.map((m) => ({ key: m.key, ...m.anchor })),
    );
    expect(target).not.toEqual(before);

    h.linear.requests = [];
    await page.getByRole('button', { name: /^Apply \d+ moves?$/ }).click();
    await page.getByText(/^Re-ranked: \d+ moves? in \d+ write batch(es)?\.$/).waitFor();
    expect(h.linear.order(eng)).toEqual(target);
    const writes = h.linear.requests.filter((r) => r.kind === 'write');
    expect(writes).toHaveLength(preview.data.batches.length);
    expect(writes.every((r) => r.as === ANA.name)).toBe(true);

    await page.screenshot({ path: `${artifacts}/linear-web-after-apply-1280.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('checks in O1-KR2: the burn-up gains a point, kept in the server’s check-in store', async () => {
    const card = page.getByTestId('kr-O1-KR2');
    const chart = card.getByRole('img', { name: /O1-KR2 burn-up/ });
    await chart.waitFor();
    const points = await chart.locator('circle').count();

    await card.getByText('Check in a value').click();
    await card.getByLabel('Value (%)').fill('8.5');
    await card.getByRole('button', { name: 'Check in O1-KR2' }).click();
    await page
      .getByTestId('checked-in-O1-KR2')
      .getByText('Checked in 8.5%', { exact: false })
      .waitFor();

    expect(await chart.locator('circle').count()).toBe(points + 1);
    expect((await h.serve.checkIns.list('O1-KR2')).at(-1)).toMatchObject({
      date: AS_OF,
      value: 8.5,
      by: ANA.name,
    });
    expect(pageErrors).toEqual([]);
  });

  it('signs out: the page says so and the old session cookie no longer gets in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Signed out' }).waitFor();
    expect((await context.cookies()).find((c) => c.name === 'keyrank_session')).toBeUndefined();
    const replay = await fetch(`${h.baseUrl}/api/session`, { headers: { cookie: sessionCookie } });
    expect(replay.status).toBe(401);
    expect(pageErrors).toEqual([]);
  });
});

describe('a member of another workspace', () => {
  it('is refused with the 403 page and no session', async () => {
    h.oauth?.signInAs(BOB);
    try {
      await newBrowserPage();
      const answer = page.waitForResponse((r) => r.url().startsWith(`${PUBLIC_URL}/auth/callback`));
      await page.goto(`${PUBLIC_URL}/teams/ENG`);
      expect((await answer).status()).toBe(403);
      await page.getByRole('heading').first().waitFor();
      expect(await page.locator('body').textContent()).toContain(
        `You are signed in to Linear as a member of ${BOB.organization.name}, but this Keyrank serves ${ACME.name}: only its members can sign in.`,
      );
      expect((await context.cookies()).find((c) => c.name === 'keyrank_session')).toBeUndefined();
      await page.screenshot({ path: `${artifacts}/linear-web-other-workspace-1280.png` });
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      h.oauth?.signInAs(ANA);
    }
  });
});
