import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { build } from 'vite';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defineResolvers } from '../../src/jira/forge/define-resolvers';
import { adminHandlers } from '../../src/jira/pages/admin/admin-handlers';
import { STORE_KEYS } from '../../src/jira/store/workspace-store';
import { ADMIN, ALICE, memoryQueue, startHarness, type Harness } from '../jira/harness';
import { launchChromium } from '../roadmap/browser';
import { BRIDGE_SHIM, startPageServer, type PageServer } from '../roadmap/page-server';
import { ADMIN_OKRS } from './fixtures';

const root = fileURLToPath(new URL('../../', import.meta.url));
const buildDir = `${root}static/admin/build`;
const artifacts = `${root}test/artifacts`;
const PUSH_URL = 'https://example.atlassian-dev.net/x1/push-check-in';
const ADMIN_PAGE = { moduleKey: 'keyrank-admin', extension: { type: 'jira:adminPage' } };

let browser: Browser;
let h: Harness;
let server: PageServer;
let page: Page;
let pageErrors: string[] = [];

async function freshJira(
  options: { okrFile?: string | null; settings?: unknown; accountId?: string } = {},
): Promise<void> {
  await server?.close();
  await h?.close();
  h = await startHarness([{ key: 'ENG-1', keyResults: ['O1-KR1'] }], {
    okrFile: options.okrFile === undefined ? ADMIN_OKRS : options.okrFile,
    settings: options.settings,
  });
  const deps = h.deps;
  const accountId = options.accountId ?? ADMIN;
  // The page's invocations act as this person: asUser() requests reach Jira as them.
  h.runtime.actAs(accountId);
  const handlers = adminHandlers(
    () => memoryQueue(),
    () => 'job-1',
    () => Promise.resolve(PUSH_URL),
  );
  server = await startPageServer(
    buildDir,
    defineResolvers(handlers, () => deps),
    accountId,
  );
  server.setContext(ADMIN_PAGE);
}

async function openPage(
  options: { width?: number; dark?: boolean; wait?: boolean } = {},
): Promise<void> {
  await page?.close();
  page = await browser.newPage({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.dark === true ? 'dark' : 'light',
  });
  page.setDefaultTimeout(8_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // A person ahead of UTC: the browser's calendar already says the 16th while the server's
  // today is the 15th. Check-in dates default to the server's day, which it accepts.
  await page.clock.setFixedTime(new Date('2026-11-16T01:00:00'));
  await page.addInitScript(BRIDGE_SHIM);
  // The page calls view.theme.enable(); the host answers with the person's colour mode.
  server.setColorMode(options.dark === true ? 'dark' : 'light');
  await page.goto(server.url);
  if (options.wait !== false) {
    await page.getByRole('heading', { name: 'OKRs', exact: true }).waitFor();
  }
}

const storedOkrs = (): string =>
  (h.store.data.get(STORE_KEYS.okrs) as { yaml: string } | undefined)?.yaml ?? '';
const invoked = (key: string) =>
  server.calls.filter((c) => c.cmd === 'invoke' && c.data?.functionKey === key);
async function isFocused(locator: Locator): Promise<boolean> {
  const id = await locator.getAttribute('id');
  return id !== null && (await page.evaluate('document.activeElement?.id')) === id;
}
const live = () => page.locator('.ka-live');
const objective = (name: string) => page.getByRole('group', { name: `Objective ${name}` });
const keyResult = (id: string) => page.getByRole('group', { name: `Key result ${id}` });

/** axe-core's browser build (a devDependency), injected into the page under test. */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function seriousViolations(): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  // A string, run in the page: these tests typecheck without the DOM library.
  const found = await page.evaluate<
    { id: string; impact: string | null; targets: string[] }[]
  >(`(async () => {
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '')),
    }));
  })()`);
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.targets.join(', ')}`);
}

beforeAll(async () => {
  await build({ configFile: `${root}static/admin/vite.config.ts`, logLevel: 'warn' });
  await mkdir(artifacts, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await server?.close();
  await h?.close();
});

beforeEach(() => {
  pageErrors = [];
  return () => {
    expect(h.jira.violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  };
});

describe('admin page in chromium, against the real resolvers and the local Jira', () => {
  it('edits a KR target by form and saves: stored YAML changed, file check-ins kept, confirmed', async () => {
    await freshJira();
    await openPage();
    const target = keyResult('O1-KR1').getByLabel('Target');
    expect(await target.inputValue()).toBe('55');
    await target.fill('60');
    await page.getByRole('button', { name: 'Save OKRs' }).click();
    await live().getByText('Saved 2 objectives and 3 key results.').waitFor();

    const stored = parse(storedOkrs()) as {
      objectives: { keyResults: { id: string; target: number; checkIns?: unknown[] }[] }[];
    };
    const kr1 = stored.objectives[0]?.keyResults[0];
    expect(kr1?.target).toBe(60);
    // The form never shows check-ins, and a save never loses them.
    expect(kr1?.checkIns).toHaveLength(1);
    // The export under Advanced is the stored file.
    expect(await page.getByLabel(/Stored OKR file/).inputValue()).toContain('target: 60');
    // Focus stays on the button that saved.
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Save OKRs');
    expect(await seriousViolations()).toEqual([]);
  });

  it('refuses "abc" as a target and "Q5" as a period next to the fields, and saves nothing', async () => {
    await freshJira();
    await openPage();
    const before = storedOkrs();
    const quarter = objective('O2').getByLabel('Quarter');
    await quarter.fill('Q5');
    await quarter.blur();
    await objective('O2')
      .getByText('"Q5" is not a period — use a quarter such as 2026-Q4')
      .waitFor();
    expect(await quarter.getAttribute('aria-invalid')).toBe('true');

    // The period is judged once every field has the right type; alone, it blocks the save.
    const save = page.getByRole('button', { name: 'Save OKRs' });
    await save.click();
    await page.getByRole('alert').filter({ hasText: 'objectives[1].period' }).waitFor();

    const target = keyResult('O1-KR2').getByLabel('Target');
    await target.fill('abc');
    await target.blur();
    const message = 'must be a number (got "abc")';
    await keyResult('O1-KR2').getByText(message).waitFor();
    expect(await target.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await target.getAttribute('aria-describedby')) ?? '';
    const described = await page.evaluate(
      `${JSON.stringify(describedBy.split(' '))}.map((id) => document.getElementById(id)?.textContent ?? '').join(' ')`,
    );
    expect(described).toContain(message);

    await save.click();
    const summary = page.getByRole('alert').filter({ hasText: 'to fix before saving' });
    await summary.getByText(/objectives\[0\]\.keyResults\[1\]\.target/).waitFor();
    // A link in the summary takes the keyboard to the field.
    await summary.getByRole('link', { name: /keyResults\[1\]\.target/ }).click();
    expect(await isFocused(target)).toBe(true);
    expect(invoked('admin/save-okrs')).toEqual([]);
    expect(storedOkrs()).toBe(before);
    await page.screenshot({ path: `${artifacts}/admin-errors-1280.png`, fullPage: true });
    expect(await seriousViolations()).toEqual([]);
  });

  it("shows the server's field errors next to their fields", async () => {
    await freshJira();
    await openPage();
    // The core in the page and on the server are the same, so only a server that judges
    // differently (a newer app version) disagrees: answer as it would.
    await page.route('**/__bridge', async (route) => {
      const call = route.request().postDataJSON() as { data?: { functionKey?: string } };
      if (call.data?.functionKey !== 'admin/save-okrs') {
        return route.fallback();
      }
      return route.fulfill({
        json: {
          ok: false,
          error: {
            kind: 'invalid-input',
            message: 'these OKRs cannot be saved',
            fieldErrors: [
              { path: 'objectives[0].keyResults[0].title', message: 'is already used by O2-KR1' },
            ],
          },
        },
      });
    });
    await page.getByRole('button', { name: 'Save OKRs' }).click();
    const title = keyResult('O1-KR1').getByLabel('Key result title');
    await keyResult('O1-KR1').getByText('is already used by O2-KR1').waitFor();
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').first().textContent()).toContain(
      'objectives[0].keyResults[0].title: is already used by O2-KR1',
    );
  });

  it("creates next quarter's objective with a key result, without YAML", async () => {
    await freshJira();
    await openPage();
    await page.getByRole('button', { name: 'Add objective' }).click();
    const added = objective('O3');
    // Focus lands in the new objective's title; its period is the next quarter.
    expect(await isFocused(added.getByLabel('Objective title'))).toBe(true);
    expect(await added.getByLabel('Quarter').inputValue()).toBe('2027-Q1');
    await added.getByLabel('Objective title').fill('Win agencies in Germany');
    await added.getByLabel('Objective owner').fill('ana@example.com');
    await added.getByLabel('Parent objective').selectOption('O1');
    const kr = keyResult('O3-KR1');
    await kr.getByLabel('Key result title').fill('Paying agencies in DACH');
    await kr.getByLabel('Baseline').fill('0');
    await kr.getByLabel('Target').fill('25');
    await kr.getByLabel('Progress source').selectOption('query');
    await kr.getByLabel('JQL query').fill('project = SALES AND statusCategory = Done');
    await page.getByRole('button', { name: 'Save OKRs' }).click();
    await live().getByText('Saved 3 objectives and 4 key results.').waitFor();

    const stored = parse(storedOkrs()) as { objectives: Record<string, unknown>[] };
    expect(stored.objectives[2]).toEqual({
      id: 'O3',
      title: 'Win agencies in Germany',
      period: '2027-Q1',
      owner: 'ana@example.com',
      parent: 'O1',
      keyResults: [
        {
          id: 'O3-KR1',
          title: 'Paying agencies in DACH',
          baseline: 0,
          target: 25,
          progress: {
            source: 'query',
            jql: 'project = SALES AND statusCategory = Done',
            measure: 'count',
          },
        },
      ],
    });
    // The new KR is listed for check-ins straight away.
    await page.getByTestId('kr-O3-KR1').waitFor();
  });

  it("copies this quarter's OKRs into next quarter's skeletons, then saves them", async () => {
    await freshJira();
    await openPage();
    await page.getByRole('button', { name: 'Create next quarter' }).click();
    await live()
      .getByText(
        "Added 2 objectives for 2027-Q1, copied from 2026-Q4: set each key result's target, then save.",
      )
      .waitFor();
    const o3kr1 = keyResult('O3-KR1');
    // Each KR starts where the old one stands today; the target is the person's choice.
    expect(await o3kr1.getByLabel('Key result title').inputValue()).toBe('Increase NPS');
    expect(await o3kr1.getByLabel('Baseline').inputValue()).toBe('47');
    expect(await keyResult('O3-KR2').getByLabel('Baseline').inputValue()).toBe('9.8');
    expect(await keyResult('O4-KR1').getByLabel('Baseline').inputValue()).toBe('10');
    expect(await isFocused(o3kr1.getByLabel('Target'))).toBe(true);

    // Saving before the targets are set says so, field by field.
    await page.getByRole('button', { name: 'Save OKRs' }).click();
    await o3kr1.getByText('is required').waitFor();
    for (const [id, target] of [
      ['O3-KR1', '60'],
      ['O3-KR2', '8'],
      ['O4-KR1', '40'],
    ] as const) {
      await keyResult(id).getByLabel('Target').fill(target);
    }
    await page.getByRole('button', { name: 'Save OKRs' }).click();
    await live().getByText('Saved 4 objectives and 6 key results.').waitFor();
    const stored = parse(storedOkrs()) as {
      objectives: {
        id: string;
        period: string;
        keyResults: { id: string; progress?: unknown }[];
      }[];
    };
    expect(stored.objectives.map((o) => [o.id, o.period])).toEqual([
      ['O1', '2026-Q4'],
      ['O2', '2026-Q4'],
      ['O3', '2027-Q1'],
      ['O4', '2027-Q1'],
    ]);
    // The progress source carries over: O1-KR1's successor still takes pushed values.
    expect(stored.objectives[2]?.keyResults[0]).toMatchObject({
      id: 'O3-KR1',
      progress: { source: 'push' },
    });
  });

  it('checks in a KR: stored, and its value and health updated', async () => {
    await freshJira();
    await openPage();
    const card = page.getByTestId('kr-O2-KR1');
    expect(await card.textContent()).toContain('At risk');
    expect(await card.textContent()).toContain('now 10 %');
    expect(await card.getByLabel('Date').inputValue()).toBe('2026-11-15');
    await card.getByLabel(/Value reached/).fill('20');
    await card.getByLabel('Note (optional)').fill('after the gallery launch');
    await card.getByRole('button', { name: 'Check in O2-KR1' }).click();
    await live().getByText('Checked in O2-KR1: 20 on 2026-11-15.').waitFor();
    expect(await card.textContent()).toContain('now 20 %');
    expect(await card.textContent()).toContain('On track');
    expect(await card.textContent()).toContain('Last check-in 2026-11-15: 20 %');
    expect(h.store.data.get('check-ins:O2-KR1')).toEqual([
      expect.objectContaining({
        date: '2026-11-15',
        value: 20,
        note: 'after the gallery launch',
        source: 'manual',
      }),
    ]);

    // A value that is not a number never leaves the page.
    const calls = invoked('admin/check-in').length;
    await card.getByLabel(/Value reached/).fill('lots');
    await card.getByRole('button', { name: 'Check in O2-KR1' }).click();
    await card.getByText('"lots" is not a number').waitFor();
    expect(invoked('admin/check-in')).toHaveLength(calls);
  });

  it('shows what each KR is doing: health in words, stale, owner, last check-in; automatic KRs take no check-in', async () => {
    await freshJira();
    await openPage();
    const kr2 = page.getByTestId('kr-O1-KR2');
    expect(await kr2.textContent()).toContain('Behind plan');
    expect(await kr2.textContent()).toContain('Stale — no recent check-in');
    expect(await kr2.textContent()).toContain('Owner: ben@example.com');
    expect(await kr2.textContent()).toContain('No check-ins yet.');
    const kr1 = page.getByTestId('kr-O1-KR1');
    expect(await kr1.textContent()).toContain('On track');
    expect(await kr1.textContent()).toContain('Owner: ana@example.com');
    expect(await kr1.textContent()).toContain(`Push URL: ${PUSH_URL}`);
    expect(await page.getByRole('region', { name: 'Key results' }).textContent()).toContain(
      '1 behind plan, 1 stale, of 3.',
    );
  });

  it('creates a push secret and shows it once', async () => {
    await freshJira();
    await openPage();
    const card = page.getByTestId('kr-O1-KR1');
    await card.getByRole('button', { name: 'Create secret for O1-KR1' }).click();
    const secret = card.getByLabel('Push secret for O1-KR1');
    await secret.waitFor();
    const value = await secret.inputValue();
    expect(value).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(await card.textContent()).toContain('it will not be shown again');
    await card.getByRole('button', { name: 'Rotate secret for O1-KR1' }).waitFor();
    await page.screenshot({ path: `${artifacts}/admin-secret-1280.png`, fullPage: true });
    expect(await seriousViolations()).toEqual([]);
    // Nowhere in what the app stores or answers afterwards.
    expect(JSON.stringify([...h.store.data.values()])).not.toContain(value);

    await openPage();
    const again = page.getByTestId('kr-O1-KR1');
    await again.getByRole('button', { name: 'Rotate secret for O1-KR1' }).waitFor();
    expect(await again.getByLabel('Push secret for O1-KR1').count()).toBe(0);
    expect(await page.content()).not.toContain(value);
  });

  it('keeps a person whose admin rights went away from saving or checking in, with the sentence', async () => {
    await freshJira();
    await openPage();
    const before = storedOkrs();
    h.jira.state.admins.delete(ADMIN);
    await keyResult('O1-KR1').getByLabel('Target').fill('70');
    await page.getByRole('button', { name: 'Save OKRs' }).click();
    const refused = page.getByRole('region', { name: 'OKRs' }).getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Only Jira administrators');
    expect(await refused.getByRole('button', { name: 'Try again' }).count()).toBe(0);

    const card = page.getByTestId('kr-O2-KR1');
    await card.getByLabel(/Value reached/).fill('20');
    await card.getByRole('button', { name: 'Check in O2-KR1' }).click();
    await card.getByRole('alert').waitFor();
    expect(await card.getByRole('alert').textContent()).toContain(
      "Only Jira administrators and members of the groups in Keyrank's check-in setting",
    );
    expect(storedOkrs()).toBe(before);
    expect(h.store.data.get('check-ins:O2-KR1')).toBeUndefined();
  });

  it('saves settings with per-field messages, health thresholds in percent', async () => {
    await freshJira();
    await openPage();
    const settings = page.getByRole('region', { name: 'Settings' });
    const stale = settings.getByLabel('Stale after, days without a check-in');
    expect(await stale.inputValue()).toBe('14');
    await stale.fill('0');
    await stale.blur();
    await settings.getByText('must be at least 1 day').waitFor();
    expect(await stale.getAttribute('aria-invalid')).toBe('true');
    const atRisk = settings.getByLabel('At risk when behind the expected line by, %');
    expect(await atRisk.inputValue()).toBe('10');
    await atRisk.fill('140');
    await atRisk.blur();
    await settings.getByText('must be a percentage above 0 and at most 100').waitFor();
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByText('Nothing was saved: fix the 2 fields marked above.').waitFor();
    expect(h.store.data.get(STORE_KEYS.settings)).toBeUndefined();

    await stale.fill('7');
    await atRisk.fill('15');
    expect(await page.getByTestId('kr-O2-KR1').textContent()).toContain('At risk');
    await settings.getByLabel('Behind plan when behind the expected line by, %').fill('15');
    await settings.getByLabel('Groups who may check in').fill('okr-champions, product');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await live().getByText('Settings saved.').waitFor();
    expect(h.store.data.get(STORE_KEYS.settings)).toMatchObject({
      health: { atRisk: 0.15, behind: 0.15 },
      staleAfterDays: 7,
      checkInGroups: ['okr-champions', 'product'],
      iceboxLabel: 'icebox',
    });
    // The KRs are judged by the new thresholds at once: O2-KR1, 16 points behind its line,
    // was at risk under 10/25% and is behind plan under 15/15%.
    expect(await page.getByTestId('kr-O2-KR1').textContent()).toContain('Behind plan');
  });

  it('imports an OKR file under Advanced: problems listed, then the form shows the new OKRs', async () => {
    await freshJira();
    await openPage();
    const advanced = page.getByRole('region', { name: 'Advanced: the OKR file as YAML' });
    const box = advanced.getByLabel('OKR file to import (replaces the stored OKRs)');
    await box.fill('period: 2027-Q1\nobjectives: []\n');
    await advanced.getByRole('button', { name: 'Import OKR file' }).click();
    await advanced
      .getByRole('alert')
      .getByText(/needs at least one objective/)
      .waitFor();
    expect(storedOkrs()).toBe(ADMIN_OKRS);

    await box.fill(
      [
        'period: 2027-Q1',
        'objectives:',
        '  - id: O9',
        '    title: Open Berlin office',
        '    keyResults:',
        '      - { id: O9-KR1, title: Hires, baseline: 0, target: 5 }',
        '',
      ].join('\n'),
    );
    await advanced.getByRole('button', { name: 'Import OKR file' }).click();
    await live().getByText('Imported. Saved 1 objective and 1 key result.').waitFor();
    expect(await objective('O9').getByLabel('Quarter').inputValue()).toBe('2027-Q1');
    expect(await objective('O1').count()).toBe(0);
    expect(await advanced.getByLabel(/Stored OKR file/).inputValue()).toContain('id: O9-KR1');
  });

  it('shows a non-admin why, and no form', async () => {
    await freshJira({ accountId: ALICE });
    await openPage({ wait: false });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      "Only Jira administrators can manage Keyrank's OKRs",
    );
    expect(await page.getByRole('button').count()).toBe(0);
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await seriousViolations()).toEqual([]);
  });

  it('explains a rate-limited Jira as busy, and offers to try again', async () => {
    await freshJira();
    h.jira.throttle('GET /rest/api/3/mypermissions', 20, 0);
    await openPage({ wait: false });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'Jira is busy (rate limited) — try again in a minute.',
    );
    h.jira.throttle('GET /rest/api/3/mypermissions', 0, 0);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'OKRs', exact: true }).waitFor();
  });

  it('says what to do when no OKRs are stored, and shows stored values it could not read', async () => {
    await freshJira({ okrFile: null, settings: { iceboxLabel: 'two words' } });
    await openPage();
    expect(await page.getByRole('region', { name: 'OKRs' }).textContent()).toContain(
      'No OKRs are stored yet. Add the first objective below',
    );
    expect(await page.getByRole('alert').first().textContent()).toContain(
      'stored settings are invalid',
    );
    await page.screenshot({ path: `${artifacts}/admin-empty-1280.png`, fullPage: true });
    expect(await seriousViolations()).toEqual([]);
  });

  it('is usable from the keyboard: Tab reaches every control, each with a visible label', async () => {
    await freshJira();
    await openPage();
    // Every control, numbered; the ones a person types into or picks from need a label.
    const controls = await page.evaluate<{ count: number; unlabelled: string[] }>(`(() => {
      const all = [...document.querySelectorAll('input, select, textarea, button, a[href]')];
      all.forEach((el, i) => el.setAttribute('data-k', String(i)));
      const unlabelled = all
        .filter((el) => el.matches('input, select, textarea'))
        .filter((el) => el.labels.length === 0 || el.labels[0].textContent.trim() === '')
        .map((el) => el.outerHTML.slice(0, 80));
      return { count: all.length, unlabelled };
    })()`);
    expect(controls.unlabelled).toEqual([]);
    expect(controls.count).toBeGreaterThan(60);
    const reached = new Set<string>();
    // A date input takes three Tabs (day, month, year), so allow for more presses than controls.
    for (let i = 0; i < controls.count * 3 && reached.size < controls.count; i++) {
      await page.keyboard.press('Tab');
      const k = await page.evaluate<string | null>(
        `document.activeElement?.getAttribute('data-k') ?? null`,
      );
      if (k !== null) {
        reached.add(k);
      }
    }
    expect(reached.size).toBe(controls.count);
  });

  it.each([
    { width: 1280, dark: false },
    { width: 800, dark: false },
    { width: 1280, dark: true },
    { width: 800, dark: true },
  ])(
    'looks right at $width px, dark $dark, with no serious axe violation',
    async ({ width, dark }) => {
      await freshJira();
      await openPage({ width, dark });
      const background = await page.evaluate(
        'getComputedStyle(document.documentElement).backgroundColor',
      );
      expect(background).toBe(dark ? 'rgb(34, 39, 43)' : 'rgb(255, 255, 255)');
      // One column that fits: nothing scrolls sideways at 800 px.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        width,
      );
      await page.screenshot({
        path: `${artifacts}/admin-${width}-${dark ? 'dark' : 'light'}.png`,
        fullPage: true,
      });
      expect(await seriousViolations()).toEqual([]);
    },
  );
});
