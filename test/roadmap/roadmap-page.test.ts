import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defineResolvers } from '../../src/jira/forge/define-resolvers';
import { roadmapHandlers } from '../../src/jira/pages/roadmap/roadmap-handlers';
import { STORE_KEYS } from '../../src/jira/store/workspace-store';
import { startHarness, type Harness } from '../jira/harness';
import { FIELD } from '../jira/local-jira/jira-state';
import { seriousViolations as axeViolations } from './axe';
import { launchChromium } from './browser';
import { NEXT_SPRINT_KEYS, ROADMAP_OKRS, ROADMAP_SEEDS } from './fixtures';
import { BRIDGE_SHIM, startPageServer, type PageServer } from './page-server';

const root = fileURLToPath(new URL('../../', import.meta.url));
const buildDir = `${root}static/roadmap/build`;
const artifacts = `${root}test/artifacts`;
const PROJECT_PAGE = { extension: { type: 'jira:projectPage', project: { key: 'ENG' } } };
const GLOBAL_PAGE = { extension: { type: 'jira:globalPage' } };

let browser: Browser;
let h: Harness;
let server: PageServer;
let page: Page;
/** Uncaught errors in the page: a test fails on any. */
let pageErrors: string[] = [];

/** A fresh local Jira per test: every test starts from the same backlog. */
async function freshJira(): Promise<void> {
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
  const definitions = defineResolvers(roadmapHandlers(), () => deps);
  server = await startPageServer(buildDir, definitions);
  server.setContext(PROJECT_PAGE);
}

async function openPage(width = 1280): Promise<void> {
  await page?.close();
  page = await browser.newPage({ viewport: { width, height: 900 } });
  page.setDefaultTimeout(8_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript(BRIDGE_SHIM);
  await page.goto(server.url);
}

const requestsTo = (endpoint: string) => h.jira.requests.filter((r) => r.endpoint === endpoint);

/** axe-core's serious and critical violations on the page as it is now. */
const seriousViolations = () => axeViolations(page);

/** Alice may check in: the setting names a group she is in (PRODUCT.md §6). */
function letAliceCheckIn(): void {
  h.store.data.set(STORE_KEYS.settings, { checkInGroups: ['okr-owners'] });
  h.jira.state.groups.set('user-alice', ['okr-owners']);
}

/** What has the focus: its test id, else its text. */
const focused = async (): Promise<string> =>
  String(
    await page.evaluate(
      "document.activeElement?.dataset?.testid ?? document.activeElement?.textContent ?? ''",
    ),
  );

beforeAll(async () => {
  await build({ configFile: `${root}static/roadmap/vite.config.ts`, logLevel: 'warn' });
  await mkdir(artifacts, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await h?.close();
});

beforeEach(async () => {
  await freshJira();
  pageErrors = [];
  return () => {
    expect(h.jira.violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  };
});

describe('OKR roadmap page in chromium, against the real resolvers and the local Jira', () => {
  it('shows objectives, key results against plan, ranked work, coverage, Icebox and capacity', async () => {
    await openPage();
    await page.getByRole('heading', { name: 'Objectives and key results' }).waitFor();

    // Health in three grades, in words (the icon and colour only repeat them).
    const healthOf = async (id: string) => {
      const badge = page.getByTestId(`kr-${id}`).locator('[data-health]');
      return [await badge.getAttribute('data-health'), await badge.textContent()];
    };
    expect(await healthOf('O1-KR1')).toEqual(['on-track', '✓ On track']);
    expect(await healthOf('O1-KR3')).toEqual(['at-risk', '! At risk']);
    expect(await healthOf('O1-KR2')).toEqual(['behind', '▼ Behind plan']);
    const bar = page.getByRole('progressbar', { name: 'O1-KR1 progress' });
    expect(await bar.getAttribute('aria-valuenow')).toBe('67');
    expect(await bar.getAttribute('aria-valuetext')).toContain('49% expected by now');
    const marker = await page.getByTestId('expected-O1-KR1').getAttribute('style');
    expect(marker).toContain('left: 49%');
    expect(await page.getByTestId('kr-O1-KR2').textContent()).toContain('9.8%');

    // Linked issues ranked by score, unscored after.
    const o2kr1 = page.getByRole('list', { name: 'Issues linked to O2-KR1, by score' });
    const keys = await o2kr1.locator('.kr-issue__key').allTextContents();
    expect(keys).toEqual(['ENG-5', 'ENG-1']);
    const o1kr1 = page.getByRole('list', { name: 'Issues linked to O1-KR1, by score' });
    expect(await o1kr1.locator('.kr-issue__key').allTextContents()).toEqual(['ENG-2', 'ENG-8']);

    // Coverage flags.
    const coverage = page.getByRole('region', { name: 'Coverage' });
    expect(await coverage.textContent()).toContain('O2-KR3 has no work in the backlog');
    expect(await coverage.textContent()).toContain('O2 has no key-result progress in 2026-Q4');
    expect(await coverage.textContent()).not.toContain('O1 has no');

    // Icebox with reasons, including the link to last quarter's KR.
    const icebox = page.getByRole('region', { name: /Icebox/ });
    expect(await icebox.locator('.kr-icebox__entry .kr-issue__key').allTextContents()).toEqual([
      'ENG-6',
      'ENG-7',
      'ENG-11',
    ]);
    expect(await page.getByTestId('icebox-ENG-7').textContent()).toContain(
      'O0-KR1 ended with 2026-Q3',
    );

    // Capacity: the active sprint is over the band, the next one under it, with the fixes.
    const active = page.getByTestId('sprint-Sprint 12');
    expect(await active.getByRole('img').getAttribute('aria-label')).toContain(
      'OKR 87.5%, BAU 12.5%, unaligned 0%',
    );
    expect(await active.textContent()).toContain('Take out: ENG-2, ENG-1');
    const next = page.getByTestId('sprint-Sprint 13');
    expect(await next.textContent()).toContain('Next');
    expect(await next.textContent()).toContain('Pull in: ENG-5');

    await page.screenshot({ path: `${artifacts}/roadmap-1280.png`, fullPage: true });
    // Reading is all the page did: no write reached Jira.
    expect(
      h.jira.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/search/jql')),
    ).toEqual([]);
  });

  it('expands a score explanation from the keyboard', async () => {
    await openPage();
    const toggle = page
      .getByRole('list', { name: 'Issues linked to O2-KR1, by score' })
      .getByRole('button', { name: /ENG-5/ });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const explanation = page.getByText('RICE 300 × 3 × 100% / 2 = 450', { exact: false }).first();
    expect(await explanation.isVisible()).toBe(false);

    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await explanation.waitFor({ state: 'visible' });
    expect(await explanation.textContent()).toContain('O2-KR1 ×2.99 (behind plan)');
    await page.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('links an Icebox issue to a key result in one step, as the user', async () => {
    await openPage();
    const entry = page.getByTestId('icebox-ENG-6');
    await entry.waitFor();
    await page.getByLabel('Key result for ENG-6').selectOption('O2-KR3');
    await entry.getByRole('button', { name: 'Link to KR: ENG-6 to the chosen key result' }).click();

    await page.getByText('ENG-6 is linked to O2-KR3 and out of the Icebox.').waitFor();
    await entry.waitFor({ state: 'detached' });
    // The row left with the focus; the sentence saying what happened has it now.
    expect(await focused()).toBe('icebox-announcement');
    // The page reloads quietly: ENG-6 now shows under O2-KR3, whose coverage flag is gone.
    await page
      .getByRole('list', { name: 'Issues linked to O2-KR3, by score' })
      .getByRole('link', { name: 'ENG-6' })
      .waitFor();
    expect(await page.getByRole('region', { name: 'Coverage' }).textContent()).not.toContain(
      'O2-KR3 has no work',
    );

    // Jira received the link as the user, and the app took the icebox label off.
    const edits = requestsTo('PUT /rest/api/3/issue/{issueIdOrKey}').filter((r) =>
      r.path.endsWith('/ENG-6'),
    );
    expect(edits.map((r) => [r.provider, r.body])).toEqual([
      ['user', { fields: { [FIELD.keyResults]: ['O2-KR3'] } }],
      ['app', { update: { labels: [{ remove: 'icebox' }] } }],
    ]);
    expect(h.jira.state.get('ENG-6')?.keyResults).toEqual(['O2-KR3']);
    expect(h.jira.state.get('ENG-6')?.labels).not.toContain('icebox');
  });

  it('shows the reason when Jira refuses the link, and keeps the entry', async () => {
    h.jira.state.deny('user-alice', ['EDIT_ISSUES']);
    await openPage();
    const entry = page.getByTestId('icebox-ENG-7');
    await page.getByLabel('Key result for ENG-7').selectOption('O2-KR3');
    await entry.getByRole('button', { name: /Link to KR: ENG-7/ }).click();
    await entry.getByRole('alert').waitFor();
    expect(await entry.getByRole('alert').textContent()).toContain(
      `You cannot edit ENG-7: Jira's "Edit issues" permission is needed`,
    );
    expect(h.jira.state.get('ENG-7')?.keyResults).toEqual(['O0-KR1']);
    expect(requestsTo('PUT /rest/api/3/issue/{issueIdOrKey}')).toEqual([]);
  });

  it('previews a re-rank, then applies it with progress, one rank call at a time', async () => {
    await openPage();
    await page.getByRole('button', { name: 'Preview re-rank' }).click();
    const table = page.getByRole('table', { name: /4 moves in 2 rank calls/ });
    await table.waitFor();
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows[0]).toMatch(/ENG-5 Share templates by link\s+8 → 1\s+before ENG-1/);
    expect(rows).toHaveLength(4);
    expect(await focused()).toBe('rerank-preview-heading');
    // The preview writes nothing.
    expect(requestsTo('PUT /rest/agile/1.0/issue/rank')).toEqual([]);

    const release = server.hold();
    await page.getByRole('button', { name: 'Apply 4 moves' }).click();
    await page.getByText('Applying rank call 1 of 2…').waitFor();
    expect(await page.locator('progress#rerank-progress').getAttribute('max')).toBe('2');
    await page.screenshot({ path: `${artifacts}/roadmap-rerank-progress.png` });
    release();

    await page.getByText('Re-ranked: 4 moves in 2 rank calls.').waitFor();
    expect(await focused()).toBe('Re-ranked: 4 moves in 2 rank calls.');
    const ranks = requestsTo('PUT /rest/agile/1.0/issue/rank');
    expect(ranks.map((r) => [r.provider, r.body])).toEqual([
      ['user', { issues: ['ENG-5'], rankBeforeIssue: 'ENG-1' }],
      ['user', { issues: ['ENG-2', 'ENG-9', 'ENG-8'], rankAfterIssue: 'ENG-4' }],
    ]);
    expect(h.jira.state.order('ENG')).toEqual([
      'ENG-5',
      'ENG-1',
      'ENG-3',
      'ENG-4',
      'ENG-2',
      'ENG-9',
      'ENG-8',
      'ENG-6',
      'ENG-7',
      'ENG-10',
      'ENG-11',
    ]);

    // A second preview finds nothing left to do.
    await page.getByRole('button', { name: 'Preview re-rank' }).click();
    await page.getByText('The backlog is already in order: no moves needed.').waitFor();
  });

  it('shows why a user without Schedule Issues cannot apply, with no retry and no rank call', async () => {
    h.jira.state.deny('user-alice', ['SCHEDULE_ISSUES'], 'ENG');
    await openPage();
    await page.getByRole('button', { name: 'Preview re-rank' }).click();
    await page.getByRole('button', { name: 'Apply 4 moves' }).click();
    const alert = page.getByRole('region', { name: 'Re-rank backlog' }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'You cannot rank issues in ENG: Jira\'s "Schedule issues" permission is needed — ask a project admin.',
    );
    expect(await alert.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    expect(requestsTo('PUT /rest/agile/1.0/issue/rank')).toEqual([]);
    expect(h.jira.state.order('ENG')[0]).toBe('ENG-1');
  });

  it('shows why the roadmap of a project the user cannot browse stays closed', async () => {
    h.jira.state.deny('user-alice', ['BROWSE_PROJECTS'], 'ENG');
    await openPage();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'You cannot see the ENG project: Jira\'s "Browse projects" permission is needed',
    );
    expect(await alert.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Objectives and key results' }).count()).toBe(0);
  });

  it('stops applying when the backlog changed since the preview', async () => {
    await openPage();
    await page.getByRole('button', { name: 'Preview re-rank' }).click();
    await page.getByRole('button', { name: 'Apply 4 moves' }).waitFor();
    h.jira.state.rank(['ENG-11'], { before: 'ENG-1' });
    await page.getByRole('button', { name: 'Apply 4 moves' }).click();
    const alert = page.getByRole('region', { name: 'Re-rank backlog' }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'Stopped after 0 of 2 rank calls: the ENG backlog changed since the preview',
    );
    expect(requestsTo('PUT /rest/agile/1.0/issue/rank')).toEqual([]);
  });

  it('shows loading, then an error with a retry, for the roadmap call', async () => {
    const release = server.hold();
    await openPage();
    await page.getByRole('status').getByText('Loading the roadmap…').waitFor();
    h.store.data.delete(STORE_KEYS.okrs);
    release();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Keyrank has no usable OKR file');

    h.store.data.set(STORE_KEYS.okrs, { yaml: ROADMAP_OKRS, updatedAt: '2026-10-01T00:00:00Z' });
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Objectives and key results' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('stays readable at 800 px: one column, nothing wider than the window', async () => {
    await openPage(800);
    await page.getByRole('heading', { name: 'Objectives and key results' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(800);
    const objectives = await page
      .getByRole('region', { name: 'Objectives and key results' })
      .boundingBox();
    const icebox = await page.getByRole('region', { name: /Icebox/ }).boundingBox();
    expect(objectives).not.toBeNull();
    expect(icebox).not.toBeNull();
    if (objectives !== null && icebox !== null) {
      // Stacked below, not squeezed beside.
      expect(icebox.y).toBeGreaterThanOrEqual(objectives.y + objectives.height);
      expect(objectives.width).toBeGreaterThan(700);
    }
    await page.screenshot({ path: `${artifacts}/roadmap-800.png`, fullPage: true });
  });

  it('on the global page reads every project and offers no re-rank', async () => {
    server.setContext(GLOBAL_PAGE);
    await openPage();
    await page.getByText('every project you can see', { exact: false }).waitFor();
    // OPS-1 (another project) is linked to O2-KR2 and ranked by score with ENG's work.
    const o2kr2 = page.getByRole('list', { name: 'Issues linked to O2-KR2, by score' });
    expect(await o2kr2.locator('.kr-issue__key').allTextContents()).toEqual([
      'ENG-5',
      'OPS-1',
      'ENG-9',
    ]);
    expect(await page.getByRole('button', { name: 'Preview re-rank' }).count()).toBe(0);
    expect(requestsTo('GET /rest/api/3/project/search')[0]?.provider).toBe('user');
  });

  it('shows each Icebox issue with its suggested key results, reasons and one-click links', async () => {
    await openPage();
    const suggestion = page.getByTestId('suggestion-ENG-11-O2-KR1');
    await suggestion.waitFor();
    expect(await suggestion.textContent()).toContain('O2-KR1 Template usage growth MoM');
    expect(await suggestion.textContent()).toContain('fit 0.63');
    expect(await suggestion.textContent()).toContain(
      'shares: gallery, template, link · like ENG-1, ENG-5',
    );
    expect(await page.getByTestId('icebox-ENG-6').textContent()).toContain(
      'No key result fits well enough to suggest one.',
    );
    await page.getByRole('region', { name: /Icebox/ }).screenshot({
      path: `${artifacts}/roadmap-icebox-suggestions.png`,
    });

    // One click on the suggestion links it as the user; the issue leaves the Icebox.
    await page.getByRole('button', { name: 'Link to O2-KR1: ENG-11' }).click();
    await page.getByText('ENG-11 is linked to O2-KR1 and out of the Icebox.').waitFor();
    await page.getByTestId('icebox-ENG-11').waitFor({ state: 'detached' });
    const edit = requestsTo('PUT /rest/api/3/issue/{issueIdOrKey}').find((r) =>
      r.path.endsWith('/ENG-11'),
    );
    expect([edit?.provider, edit?.body]).toEqual([
      'user',
      { fields: { [FIELD.keyResults]: ['O2-KR1'] } },
    ]);
  });

  it('has no serious or critical axe-core violations with suggestions and a bulk result shown', async () => {
    await openPage();
    await page.getByTestId('suggestion-ENG-11-O2-KR1').waitFor();
    await page.getByRole('checkbox', { name: /ENG-6/ }).check();
    expect(await seriousViolations()).toEqual([]);
  });

  it('links two selected Icebox issues to one key result in one action, with progress', async () => {
    await openPage();
    await page.getByTestId('icebox-ENG-6').waitFor();
    // Keyboard: Tab to a checkbox and Space selects it, like any native checkbox.
    await page.getByRole('checkbox', { name: /ENG-6 Dark mode/ }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('checkbox', { name: /ENG-11 Marketing site polish/ }).check();
    expect(await page.getByRole('checkbox', { name: /Select all/ }).isChecked()).toBe(false);
    await page.getByLabel('Key result for the selected issues').selectOption('O2-KR3');

    const release = server.hold();
    await page.getByRole('button', { name: 'Link 2 selected' }).click();
    await page.getByText('Linked 0 of 2…').waitFor();
    expect(await page.locator('progress#icebox-progress').getAttribute('max')).toBe('2');
    await page.screenshot({ path: `${artifacts}/roadmap-icebox-bulk-progress.png` });
    release();

    const result = page.getByTestId('icebox-bulk-result');
    await result.waitFor();
    expect(await result.textContent()).toBe('Linked 2 of 2 issues to O2-KR3.');
    // Focus moves to the result, so a screen reader user hears it and continues from there.
    expect(await page.evaluate('document.activeElement?.dataset?.testid')).toBe(
      'icebox-bulk-result',
    );
    await page.getByTestId('icebox-ENG-6').waitFor({ state: 'detached' });
    await page.getByTestId('icebox-ENG-11').waitFor({ state: 'detached' });
    await page
      .getByRole('list', { name: 'Issues linked to O2-KR3, by score' })
      .getByRole('link', { name: 'ENG-11' })
      .waitFor();
    await page.screenshot({ path: `${artifacts}/roadmap-icebox-bulk-result.png`, fullPage: true });

    // Each issue written as the user, one after another; the app took the icebox label off.
    const edits = requestsTo('PUT /rest/api/3/issue/{issueIdOrKey}');
    expect(edits.map((r) => [r.path.split('/').at(-1), r.provider, r.body])).toEqual([
      ['ENG-6', 'user', { fields: { [FIELD.keyResults]: ['O2-KR3'] } }],
      ['ENG-6', 'app', { update: { labels: [{ remove: 'icebox' }] } }],
      ['ENG-11', 'user', { fields: { [FIELD.keyResults]: ['O2-KR3'] } }],
    ]);
    expect(h.jira.state.get('ENG-6')?.keyResults).toEqual(['O2-KR3']);
    expect(h.jira.state.get('ENG-11')?.keyResults).toEqual(['O2-KR3']);
  });

  it('select all: an issue the user may not edit is named with the reason, the rest are linked', async () => {
    h.jira.state.deny('user-alice', ['EDIT_ISSUES'], 'OPS');
    server.setContext(GLOBAL_PAGE);
    await openPage();
    await page.getByTestId('icebox-OPS-2').waitFor();
    await page.getByRole('checkbox', { name: /Select all/ }).check();
    await page.getByLabel('Key result for the selected issues').selectOption('O2-KR3');
    await page.getByRole('button', { name: 'Link 4 selected' }).click();

    const result = page.getByTestId('icebox-bulk-result');
    await result.waitFor();
    const text = await result.textContent();
    expect(text).toContain('Linked 3 of 4 issues to O2-KR3.');
    expect(text).toContain('1 issue was not linked:');
    expect(text).toContain(
      'OPS-2: You cannot edit OPS-2: Jira\'s "Edit issues" permission is needed — ask a project admin.',
    );
    expect(await page.evaluate('document.activeElement?.dataset?.testid')).toBe(
      'icebox-bulk-result',
    );
    // OPS-2 stays in the Icebox, still selected for another try; nothing was written to it.
    await page.getByTestId('icebox-ENG-6').waitFor({ state: 'detached' });
    expect(await page.getByRole('checkbox', { name: /OPS-2/ }).isChecked()).toBe(true);
    expect(
      requestsTo('PUT /rest/api/3/issue/{issueIdOrKey}').filter((r) => r.path.endsWith('/OPS-2')),
    ).toEqual([]);
    expect(h.jira.state.get('OPS-2')?.keyResults).toBeNull();
    await page.getByRole('region', { name: /Icebox/ }).screenshot({
      path: `${artifacts}/roadmap-icebox-bulk-failure.png`,
    });
  });
});

describe('living key results on the roadmap page (PRODUCT.md §7)', () => {
  it('draws each KR’s check-ins against the expected line, with a text alternative', async () => {
    await openPage();
    const chart = page.getByRole('img', { name: /^O1-KR1 burn-up/ });
    await chart.waitFor();
    expect(await chart.getAttribute('aria-labelledby')).not.toBeNull();
    const name = await chart.locator('title').textContent();
    expect(name).toBe(
      'O1-KR1 burn-up from 2026-10-01 to 2026-12-31, 40 → 55: 3 check-ins, from 41 on 2026-10-06 ' +
        'to 50 on 2026-11-10; now 50, 67% done against 49% expected on 2026-11-15.',
    );
    expect(await chart.locator('circle.kr-burnup__point').count()).toBe(3);
    // The check-ins as a table, one row each, behind a disclosure anyone can open.
    const card = page.getByTestId('kr-O1-KR1');
    await card.getByText('Check-ins of O1-KR1 (3)').click();
    const rows = await page.getByTestId('checkins-O1-KR1').locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').map((c) => c.trim()))).toEqual([
      ['2026-10-06', '41', 'OKR file', 'Q3 survey'],
      ['2026-10-27', '46', 'ana@example.com', ''],
      ['2026-11-10', '50', 'ana@example.com', ''],
    ]);
    // A KR nobody checked in: the line stays on the baseline, no point.
    expect(await page.getByTestId('burnup-O2-KR3').locator('circle').count()).toBe(0);

    // Stale KRs say since when and whom to ask; a fresh one says nothing.
    expect(await page.getByTestId('stale-O1-KR2').textContent()).toBe(
      'Stale — no check-in for 26 days · owner: bo@example.com',
    );
    expect(await page.getByTestId('stale-O2-KR1').textContent()).toBe(
      'Stale — no check-in this period · owner: carla@example.com',
    );
    expect(await page.getByTestId('stale-O1-KR1').count()).toBe(0);

    // Each row: Jira's status name and the assignee.
    const o1kr2 = page.getByRole('list', { name: 'Issues linked to O1-KR2, by score' });
    expect(await o1kr2.locator('.kr-issue__meta').first().innerText()).toMatch(
      /In Review\s+Ana Lima/i,
    );
    const o1kr1 = page.getByRole('list', { name: 'Issues linked to O1-KR1, by score' });
    expect(await o1kr1.locator('.kr-issue__meta').allInnerTexts()).toEqual([
      expect.stringMatching(/To Do\s+Bo Chen/i),
      expect.stringMatching(/To Do\s+Unassigned/i),
    ]);
    // Alice is not in a check-in group: no check-in form anywhere.
    expect(await page.getByText('Check in a value').count()).toBe(0);
  });

  it('a check-in moves the KR’s line without a reload; focus returns to the KR', async () => {
    letAliceCheckIn();
    await openPage();
    const card = page.getByTestId('kr-O1-KR2');
    await card.waitFor();
    const chart = card.getByRole('img', { name: /O1-KR2 burn-up/ });
    expect(await chart.locator('circle').count()).toBe(1);
    const lineBefore = await page.getByTestId('burnup-line-O1-KR2').getAttribute('d');

    await card.getByText('Check in a value').click();
    // Without a value, the form says what is missing and sends nothing.
    await card.getByRole('button', { name: 'Check in O1-KR2' }).click();
    expect(await card.getByRole('alert').textContent()).toBe(
      'Enter the value O1-KR2 has reached, as a number (such as 8.5).',
    );
    await card.getByLabel('Value (%)').fill('9.2');
    await card.getByLabel('Note (optional)').fill('billing export shipped');
    await card.getByRole('button', { name: 'Check in O1-KR2' }).click();

    const confirmation = page.getByTestId('checked-in-O1-KR2');
    await confirmation.getByText('Checked in 9.2%', { exact: false }).waitFor();
    expect(await confirmation.textContent()).toBe(
      'Checked in 9.2% on 2026-11-15: O1-KR2 is at 53%, on track.',
    );
    expect(await focused()).toBe('O1-KR2 Reduce agency churn');
    // The line moved: one more point, a new path, the summary and the table updated.
    expect(await chart.locator('circle').count()).toBe(2);
    expect(await page.getByTestId('burnup-line-O1-KR2').getAttribute('d')).not.toBe(lineBefore);
    expect(await chart.locator('title').textContent()).toContain(
      '2 check-ins, from 9.8% on 2026-10-20 to 9.2% on 2026-11-15; now 9.2%, 53% done',
    );
    await card.getByText('Check-ins of O1-KR2 (2)').click();
    expect(
      await page.getByTestId('checkins-O1-KR2').locator('tbody tr').last().innerText(),
    ).toMatch(/2026-11-15\s+9\.2%\s+user-alice\s+billing export shipped/);
    expect(await card.locator('[data-health]').getAttribute('data-health')).toBe('on-track');
    expect(await page.getByTestId('stale-O1-KR2').count()).toBe(0);
    // No reload: the page asked for the roadmap once.
    const gets = server.calls.filter((c) => c.data?.functionKey === 'roadmap/get');
    expect(gets).toHaveLength(1);
    expect(await seriousViolations()).toEqual([]);
  });

  it('refuses a check-in dated after today, with the server’s sentence', async () => {
    letAliceCheckIn();
    await openPage();
    const card = page.getByTestId('kr-O1-KR1');
    await card.getByText('Check in a value').click();
    await card.getByLabel('Value').fill('52');
    // The date field's max stops the picker, not a typed or scripted date: the server decides.
    await card.getByLabel('Date').fill('2026-11-20');
    await card.getByRole('button', { name: 'Check in O1-KR1' }).click();
    const alert = card.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      '2026-11-20 is after today (2026-11-15) — a check-in records a value already reached',
    );
    expect(
      await card
        .getByRole('img', { name: /O1-KR1 burn-up/ })
        .locator('circle')
        .count(),
    ).toBe(3);
  });

  it('issue keys open the issue through Forge’s router, by mouse and keyboard', async () => {
    await openPage();
    const link = page
      .getByRole('list', { name: 'Issues linked to O2-KR1, by score' })
      .getByRole('link', { name: 'ENG-5' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/browse/ENG-5');
    await link.click();
    await page.getByTestId('icebox-ENG-6').getByRole('link', { name: 'ENG-6' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => server.navigations())
      .toEqual([
        { url: '/browse/ENG-5', type: 'same-tab' },
        { url: '/browse/ENG-6', type: 'same-tab' },
      ]);
    // The frame itself never navigated away.
    expect(page.url()).toBe(server.url);
  });

  it('the Icebox picker starts on "Choose a key result…" and says what is missing', async () => {
    await openPage();
    const picker = page.getByLabel('Key result for ENG-11');
    await picker.waitFor();
    expect(await picker.inputValue()).toBe('');
    expect(await picker.locator('option').first().textContent()).toBe('Choose a key result…');
    expect(await page.getByLabel('Key result for the selected issues').inputValue()).toBe('');
    const entry = page.getByTestId('icebox-ENG-11');
    await entry.getByRole('button', { name: /Link to KR: ENG-11/ }).click();
    expect(await entry.getByRole('alert').textContent()).toBe(
      'Choose a key result for ENG-11 first — or link a suggestion above in one click.',
    );
    expect(await picker.getAttribute('aria-invalid')).toBe('true');
    // The suggestion stays one click away; nothing was sent.
    expect(await entry.getByRole('button', { name: 'Link to O2-KR1: ENG-11' }).count()).toBe(1);
    // The bulk link says the same when no key result is chosen.
    await page.getByRole('checkbox', { name: /ENG-6 Dark mode/ }).check();
    await page.getByRole('button', { name: 'Link 1 selected' }).click();
    expect(
      await page
        .getByRole('form', { name: 'Link several Icebox issues to one key result' })
        .getByRole('alert')
        .textContent(),
    ).toBe('Choose the key result to link the selected issues to.');
    expect(server.calls.filter((c) => c.data?.functionKey === 'roadmap/linkIcebox')).toEqual([]);
  });

  it('explains Jira’s rate limit and a server that did not answer, each with a retry', async () => {
    // Five 429s: the client's first try and its four retries, then Jira answers again.
    h.jira.throttle('POST /rest/api/3/search/jql', 5, 0);
    await openPage();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('p').first().textContent()).toBe(
      'Jira is busy (rate limited) — try again in a minute.',
    );
    expect(await seriousViolations()).toEqual([]);
    server.failInvokes(1);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await alert
      .getByText("Keyrank's server did not answer — try again; if it keeps failing", {
        exact: false,
      })
      .waitFor();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Objectives and key results' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it.each([
    [1280, 'light'],
    [1280, 'dark'],
    [800, 'light'],
    [800, 'dark'],
  ] as const)(
    'at %i px in %s mode: Jira’s theme, screenshot, no serious axe violation',
    async (width, mode) => {
      letAliceCheckIn();
      server.setColorMode(mode);
      await openPage(width);
      await page.getByRole('heading', { name: 'Objectives and key results' }).waitFor();
      expect(server.calls[0]?.cmd).toBe('enableTheming');
      expect(await page.evaluate('document.documentElement.dataset.colorMode')).toBe(mode);
      const background = await page.evaluate(
        'getComputedStyle(document.querySelector(".kr-section")).backgroundColor',
      );
      expect(background).toBe(mode === 'dark' ? 'rgb(34, 39, 43)' : 'rgb(255, 255, 255)');
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        width,
      );
      await page.getByTestId('kr-O1-KR2').getByText('Check in a value').click();
      await page.screenshot({ path: `${artifacts}/roadmap-${width}-${mode}.png`, fullPage: true });
      expect(await seriousViolations()).toEqual([]);
    },
  );
});
