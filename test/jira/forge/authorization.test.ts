import { afterEach, describe, expect, it } from 'vitest';
import type { AdminData } from '../../../src/contract/admin';
import type { PanelData } from '../../../src/contract/panel';
import type { ResolverResult } from '../../../src/contract/result';
import { defineResolvers } from '../../../src/jira/forge/define-resolvers';
import { adminHandlers } from '../../../src/jira/pages/admin/admin-handlers';
import { panelHandlers } from '../../../src/jira/pages/panel/panel-handlers';
import { STORE_KEYS } from '../../../src/jira/store/workspace-store';
import { ADMIN, ALICE, memoryQueue, OKR_FILE, startHarness, type Harness } from '../harness';
import { invoke } from '../invoke-resolver';
import { LIVING_OKR_FILE } from '../pages/admin/admin-call';

/**
 * PRODUCT.md §6: Forge lets any user who can load a module call its resolvers, whatever the
 * UI shows. Every resolver checks on the server, as the user, before it acts.
 */

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

const SETTINGS = {
  iceboxLabel: 'parked',
  bauTypes: ['Bug'],
  bauLabels: ['bau'],
  scheduleBoost: false,
  capacity: { okrMin: 50, okrMax: 80 },
  rankAutomatically: false,
};

const ADMIN_ACTIONS: [string, Record<string, unknown>][] = [
  ['admin/get', {}],
  ['admin/import-okrs', { yaml: OKR_FILE.replace('target: 55', 'target: 60') }],
  ['admin/save-settings', { settings: SETTINGS }],
  ['admin/reconcile-now', {}],
  [
    'admin/save-okrs',
    {
      document: {
        objectives: [
          {
            id: 'O1',
            title: 'Delight agencies',
            period: '2026-Q4',
            keyResults: [{ id: 'O1-KR1', title: 'NPS', baseline: 40, target: 55 }],
          },
        ],
      },
    },
  ],
  // LIVING_OKR_FILE's O1-KR1 takes pushed values.
  ['admin/rotate-push-secret', { krId: 'O1-KR1' }],
];

const ADMIN_ONLY =
  "Only Jira administrators can manage Keyrank's OKRs, settings and reconciles — ask a Jira admin to do this.";

function adminPage(harness: Harness, queue = memoryQueue()) {
  return defineResolvers(
    adminHandlers(
      () => queue,
      () => 'job-1',
    ),
    () => harness.deps,
  );
}

describe('admin page resolvers: Jira administrators only', () => {
  it.each(ADMIN_ACTIONS)(
    '%s as a non-admin is refused: nothing stored, nothing queued, no request as the app',
    async (key, payload) => {
      h = await startHarness([{ key: 'ENG-1' }, { key: 'SECRET-1' }], { okrFile: LIVING_OKR_FILE });
      h.jira.state.deny(ALICE, ['BROWSE_PROJECTS'], 'SECRET');
      const before = structuredClone([...h.store.data]);
      const queue = memoryQueue();
      const answer = await invoke(adminPage(h, queue), key, payload, {
        runtime: h.runtime,
        accountId: ALICE,
      });
      expect(answer).toEqual({ ok: false, error: { kind: 'forbidden', message: ADMIN_ONLY } });
      expect([...h.store.data]).toEqual(before);
      expect(queue.events).toEqual([]);
      expect(h.jira.requests.filter((r) => r.provider !== 'user')).toEqual([]);
      // The one request: Jira's own answer to "is this user an administrator?", as the user.
      expect(h.jira.requests.map((r) => [r.endpoint, r.accountId, r.query.toString()])).toEqual([
        ['GET /rest/api/3/mypermissions', ALICE, 'permissions=ADMINISTER'],
      ]);
    },
  );

  it.each(ADMIN_ACTIONS)('%s as a Jira administrator works', async (key, payload) => {
    h = await startHarness([{ key: 'ENG-1' }], { okrFile: LIVING_OKR_FILE });
    const answer = await invoke(adminPage(h), key, payload, {
      runtime: h.runtime,
      accountId: ADMIN,
    });
    expect(answer.ok).toBe(true);
  });

  it('a call without a signed-in user is refused before any request', async () => {
    h = await startHarness([{ key: 'ENG-1' }]);
    const admin = adminPage(h);
    const answer = (await admin(
      { call: { functionKey: 'admin/import-okrs', payload: { yaml: OKR_FILE } }, context: {} },
      {},
    )) as ResolverResult<AdminData>;
    expect(!answer.ok && answer.error.kind).toBe('forbidden');
    expect(h.jira.requests).toEqual([]);
  });

  it.each([
    [
      'no check-in groups are set',
      undefined,
      [['GET /rest/api/3/mypermissions', 'permissions=ADMINISTER']],
    ],
    [
      'the user is in none of the check-in groups',
      ['okr-owners'],
      [
        ['GET /rest/api/3/mypermissions', 'permissions=ADMINISTER'],
        ['GET /rest/api/3/myself', 'expand=groups'],
      ],
    ],
  ])(
    'admin/check-in is refused when %s, asking Jira only as the user',
    async (_, groups, asked) => {
      h = await startHarness([], {
        okrFile: LIVING_OKR_FILE,
        ...(groups !== undefined && { settings: { checkInGroups: groups } }),
      });
      h.jira.state.groups.set(ALICE, ['staff']);
      const answer = await invoke(
        adminPage(h),
        'admin/check-in',
        { krId: 'O2-KR1', value: 3 },
        { runtime: h.runtime, accountId: ALICE },
      );
      expect(!answer.ok && answer.error.kind).toBe('forbidden');
      expect(h.jira.requests.map((r) => [r.endpoint, r.query.toString()])).toEqual(asked);
      expect(h.jira.requests.every((r) => r.provider === 'user' && r.accountId === ALICE)).toBe(
        true,
      );
      expect([...h.store.data.keys()].some((k) => k.startsWith('check-ins:'))).toBe(false);
    },
  );

  it('save-settings with a wrong shape names each field; nothing stored', async () => {
    h = await startHarness([]);
    const answer = await invoke(
      adminPage(h),
      'admin/save-settings',
      { settings: { ...SETTINGS, bauTypes: 'Bug', capacity: { okrMin: '50', okrMax: 80 } } },
      { runtime: h.runtime, accountId: ADMIN },
    );
    expect(!answer.ok && answer.error.problems).toEqual([
      'settings.bauTypes: must be a list (got "Bug")',
      'settings.capacity.okrMin: must be a number (got "50")',
    ]);
    expect(h.store.data.has(STORE_KEYS.settings)).toBe(false);
  });
});

describe('issue panel resolvers: what Jira lets the user do on the issue', () => {
  const panel = (harness: Harness) => defineResolvers(panelHandlers(), () => harness.deps);
  const onIssue = (harness: Harness, accountId = ALICE) => ({
    runtime: harness.runtime,
    accountId,
    context: { extension: { issue: { key: 'SECRET-1' } } },
  });

  it('a user who cannot browse the project sees nothing of the issue', async () => {
    h = await startHarness([{ key: 'SECRET-1', keyResults: ['O1-KR1'] }]);
    h.jira.state.deny(ALICE, ['BROWSE_PROJECTS'], 'SECRET');
    const answer = await invoke<PanelData>(panel(h), 'panel/get', {}, onIssue(h));
    expect(answer).toEqual({
      ok: false,
      error: { kind: 'not-found', message: 'SECRET-1 does not exist or you cannot see it' },
    });
  });

  it('a save without Edit Issues is refused before anything is written', async () => {
    h = await startHarness([{ key: 'SECRET-1' }]);
    h.jira.state.deny(ALICE, ['EDIT_ISSUES'], 'SECRET');
    const answer = await invoke<PanelData>(
      panel(h),
      'panel/save',
      { keyResults: ['O1-KR1'], rice: { reach: '1', impact: '1', confidence: '50', effort: '1' } },
      onIssue(h),
    );
    expect(!answer.ok && answer.error.kind).toBe('forbidden');
    expect(h.jira.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a save whose payload has the wrong shape names the fields and writes nothing', async () => {
    h = await startHarness([{ key: 'SECRET-1' }]);
    const answer = await invoke<PanelData>(
      panel(h),
      'panel/save',
      { keyResults: 'O1-KR1', rice: { reach: 5, impact: '1', confidence: '50' } },
      onIssue(h),
    );
    expect(!answer.ok && answer.error).toEqual({
      kind: 'invalid-input',
      message: 'Nothing was changed — fix these first:',
      problems: [
        'keyResults: must be a list (got "O1-KR1")',
        'rice.reach: must be text (got 5)',
        'rice.effort: is required',
      ],
    });
    expect(h.jira.requests).toEqual([]);
  });
});

describe('the local Jira answers permission questions as Atlassian documents them', () => {
  it('mypermissions and permissions/check agree, per user and project, as the user', async () => {
    h = await startHarness([{ key: 'ENG-1' }, { key: 'SECRET-1' }]);
    h.jira.state.deny(ALICE, ['SCHEDULE_ISSUES'], 'ENG');
    h.jira.state.deny(ALICE, ['BROWSE_PROJECTS'], 'SECRET');
    const [eng, secret] = h.jira.state.projects();
    const { asUser, route } = await import('@forge/api');
    h.runtime.actAs(ALICE);
    const mine = await asUser().requestJira(
      route`/rest/api/3/mypermissions?projectKey=ENG&permissions=EDIT_ISSUES,SCHEDULE_ISSUES`,
    );
    const held = (await mine.json()) as {
      permissions: Record<string, { havePermission: boolean }>;
    };
    expect(held.permissions['EDIT_ISSUES']?.havePermission).toBe(true);
    expect(held.permissions['SCHEDULE_ISSUES']?.havePermission).toBe(false);
    const hidden = await asUser().requestJira(
      route`/rest/api/3/mypermissions?projectKey=SECRET&permissions=BROWSE_PROJECTS`,
    );
    expect(hidden.status).toBe(404);
    const check = await asUser().requestJira(route`/rest/api/3/permissions/check`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        globalPermissions: ['ADMINISTER'],
        projectPermissions: [
          { permissions: ['EDIT_ISSUES', 'SCHEDULE_ISSUES'], projects: [eng?.id, secret?.id] },
        ],
      }),
    });
    expect(await check.json()).toEqual({
      globalPermissions: [],
      projectPermissions: [
        { permission: 'EDIT_ISSUES', projects: [eng?.id], issues: [] },
        { permission: 'SCHEDULE_ISSUES', projects: [], issues: [] },
      ],
    });
    h.runtime.actAs(ADMIN);
    const asAdmin = await asUser().requestJira(
      route`/rest/api/3/mypermissions?permissions=ADMINISTER`,
    );
    expect(await asAdmin.json()).toMatchObject({
      permissions: { ADMINISTER: { key: 'ADMINISTER', type: 'GLOBAL', havePermission: true } },
    });
  });
});
