import { afterEach, describe, expect, it } from 'vitest';
import type { AdminData, PushSecret } from '../../../../src/contract/admin';
import { verifyPushSecret } from '../../../../src/jira/store/push-secret-store';
import { STORE_KEYS } from '../../../../src/jira/store/workspace-store';
import { ADMIN, ALICE, startHarness, type Harness } from '../../harness';
import { callAdmin, LIVING_OKR_FILE, PUSH_URL } from './admin-call';

/** admin/check-in (admins and check-in groups, PRODUCT.md §6) and admin/rotate-push-secret. */

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

const CHECK_IN_REFUSED =
  "Only Jira administrators and members of the groups in Keyrank's check-in setting can check in key-result values — ask a Jira admin to add your group.";
const RECONCILE = {
  jobId: 'job',
  startedAt: '2026-11-15T01:00:00.000Z',
  finishedAt: '2026-11-15T01:02:00.000Z',
  projectsTotal: 1,
  projectsDone: 1,
  issuesRead: 3,
  writes: 0,
  failures: ['SECRET: Jira answered 500'],
};

describe('admin/check-in', () => {
  const cases: [string, string, string[] | undefined, string[], boolean][] = [
    // who, account, the setting's checkInGroups, the caller's groups, allowed
    ['a Jira administrator', ADMIN, undefined, [], true],
    ['a member of a check-in group', ALICE, ['okr-owners'], ['staff', 'okr-owners'], true],
    ['a user in no check-in group', ALICE, ['okr-owners'], ['staff'], false],
    ['anyone, while no check-in groups are set', ALICE, undefined, ['okr-owners'], false],
  ];

  it.each(cases)('%s (%s)', async (_, account, checkInGroups, groups, allowed) => {
    h = await startHarness([], {
      okrFile: LIVING_OKR_FILE,
      ...(checkInGroups !== undefined && { settings: { checkInGroups } }),
    });
    h.jira.state.groups.set(account, groups);
    const answer = await callAdmin<AdminData>(
      h,
      'admin/check-in',
      { krId: 'O2-KR1', value: 9, date: '2026-11-14', note: ' weekly export ' },
      account,
    );
    if (!allowed) {
      expect(answer).toEqual({
        ok: false,
        error: { kind: 'forbidden', message: CHECK_IN_REFUSED },
      });
      expect(h.store.data.has('check-ins:O2-KR1')).toBe(false);
      return;
    }
    expect(answer.ok && answer.data.keyResults.find((k) => k.krId === 'O2-KR1')).toMatchObject({
      current: 9,
      progress: 0.3,
      lastCheckIn: { date: '2026-11-14', value: 9 },
    });
    expect(h.store.data.get('check-ins:O2-KR1')).toEqual([
      { date: '2026-11-14', value: 9, note: 'weekly export', by: account, source: 'manual' },
    ]);
  });

  it("answers a group member the page without the reconcile's failures, an admin with them", async () => {
    h = await startHarness([], { okrFile: LIVING_OKR_FILE, settings: { checkInGroups: ['okr'] } });
    h.store.data.set(STORE_KEYS.progress, RECONCILE);
    h.jira.state.groups.set(ALICE, ['okr']);
    const member = await callAdmin<AdminData>(
      h,
      'admin/check-in',
      { krId: 'O2-KR1', value: 3 },
      ALICE,
    );
    expect(member.ok && member.data.reconcile).toBeNull();
    const admin = await callAdmin<AdminData>(h, 'admin/check-in', { krId: 'O2-KR1', value: 4 });
    expect(admin.ok && admin.data.reconcile).toEqual(RECONCILE);
  });

  it.each([
    [
      'a future date',
      { krId: 'O2-KR1', value: 1, date: '2026-11-16' },
      'invalid-input',
      '2026-11-16 is after today (2026-11-15) — a check-in records a value already reached',
    ],
    [
      'a KR whose value Keyrank reads itself',
      { krId: 'O1-KR2', value: 1 },
      'invalid-input',
      'O1-KR2 takes its value from linked-done, so a check-in would be overwritten — check in on KRs whose progress is manual or push',
    ],
    [
      'an unknown KR',
      { krId: 'O7-KR1', value: 1 },
      'not-found',
      'O7-KR1 is not a key result in the stored OKRs',
    ],
  ])('refuses %s, storing nothing', async (_, payload, kind, message) => {
    h = await startHarness([], { okrFile: LIVING_OKR_FILE });
    const answer = await callAdmin<AdminData>(h, 'admin/check-in', payload);
    expect(answer).toEqual({ ok: false, error: { kind, message } });
    expect([...h.store.data.keys()].filter((k) => k.startsWith('check-ins:'))).toEqual([]);
  });

  it.each([
    ['""', '', 'value: must be a number (got "")'],
    ['null', null, 'value: must be a number (got nothing)'],
    ['"52"', '52', 'value: must be a number (got "52")'],
    ['Infinity', Number.POSITIVE_INFINITY, /^value: must be a number/],
  ])('a value of %s is refused by the contract, naming the field', async (_, value, problem) => {
    h = await startHarness([], { okrFile: LIVING_OKR_FILE });
    const answer = await callAdmin<AdminData>(h, 'admin/check-in', { krId: 'O2-KR1', value });
    expect(!answer.ok && answer.error.kind).toBe('invalid-input');
    expect(!answer.ok && answer.error.problems?.[0]).toMatch(problem);
    expect(h.store.data.has('check-ins:O2-KR1')).toBe(false);
  });
});

describe('admin/rotate-push-secret', () => {
  it('shows a new secret once, stores only its hash, and the next one replaces it', async () => {
    h = await startHarness([], { okrFile: LIVING_OKR_FILE });
    const first = await callAdmin<PushSecret>(h, 'admin/rotate-push-secret', { krId: 'O1-KR1' });
    if (!first.ok) {
      throw new Error(first.error.message);
    }
    expect(first.data).toEqual({
      krId: 'O1-KR1',
      secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
      url: PUSH_URL,
      createdAt: '2026-11-15T12:00:00.000Z',
    });
    const everythingStored = JSON.stringify([...h.store.data]);
    expect(everythingStored).not.toContain(first.data.secret);
    expect(h.store.data.get('push-secret:O1-KR1')).toEqual({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
      createdAt: '2026-11-15T12:00:00.000Z',
    });

    // The page then says when the secret was made, never the secret.
    const page = await callAdmin<AdminData>(h, 'admin/get');
    expect(page.ok && page.data.keyResults[0]?.pushSecretCreatedAt).toBe(
      '2026-11-15T12:00:00.000Z',
    );
    expect(JSON.stringify(page)).not.toContain(first.data.secret);

    expect(await verifyPushSecret(h.store, 'O1-KR1', first.data.secret)).toBe(true);
    h.setToday('2026-11-20');
    const second = await callAdmin<PushSecret>(h, 'admin/rotate-push-secret', { krId: 'O1-KR1' });
    if (!second.ok) {
      throw new Error(second.error.message);
    }
    expect(second.data.secret).not.toBe(first.data.secret);
    expect(second.data.createdAt).toBe('2026-11-20T12:00:00.000Z');
    expect(await verifyPushSecret(h.store, 'O1-KR1', first.data.secret)).toBe(false);
    expect(await verifyPushSecret(h.store, 'O1-KR1', second.data.secret)).toBe(true);
    // A secret opens its own KR only.
    expect(await verifyPushSecret(h.store, 'O2-KR1', second.data.secret)).toBe(false);
  });

  it.each([
    [
      'a KR whose progress is not push',
      'O2-KR1',
      'O2-KR1 takes its progress from manual, not push — set its progress source to push first, then make its secret',
    ],
    [
      'an unknown KR, with a guess',
      'o1-kr1 ',
      'o1-kr1 is not a key result in the stored OKRs — did you mean O1-KR1?',
    ],
  ])('refuses %s', async (_, krId, message) => {
    h = await startHarness([], { okrFile: LIVING_OKR_FILE });
    const answer = await callAdmin<PushSecret>(h, 'admin/rotate-push-secret', { krId });
    expect(answer).toEqual({ ok: false, error: { kind: 'invalid-input', message } });
    expect([...h.store.data.keys()].filter((k) => k.startsWith('push-secret:'))).toEqual([]);
  });
});
