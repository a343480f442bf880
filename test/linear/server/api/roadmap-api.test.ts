import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinearClient } from '@linear/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResolverResult } from '../../../../src/contract/result';
import { applyMoves, parseOkrFile, type Okrs, type Settings } from '../../../../src/core/index';
import { LinearApi } from '../../../../src/linear/api/linear-api';
import { silentLogger } from '../../../../src/linear/logger';
import { withStoredCheckIns } from '../../../../src/linear/read/load-okrs';
import {
  roadmapApi,
  type ApiCaller,
  type RoadmapApi,
  type RoadmapApiDeps,
} from '../../../../src/linear/server/api/roadmap-api';
import { CheckInStore } from '../../../../src/linear/store/check-in-store';
import type { Database } from '../../../../src/linear/store/database/database';
import { openDatabase } from '../../../../src/linear/store/database/open-database';
import { OwnSortOrders } from '../../../../src/linear/sync/own-sort-orders';
import { API_KEY, LocalLinear, type Issue, type Team } from '../../support/local-linear';
import { AS_OF, seedWorkspace } from '../../support/workspace';

/**
 * The roadmap page's contract answered for a Linear team, handler by handler, against the
 * local Linear (Linear's schema over HTTP, the real LinearClient), as a person with their own
 * OAuth token and as a program with the server's key.
 */

// The CLI fixture's OKRs (labels seeded by seedWorkspace) plus a linked-done KR and an owner.
const OKRS = `
period: 2026-Q4
objectives:
  - id: O1
    title: Delight creative agencies
    owner: Ana
    keyResults:
      - { id: O1-KR1, title: Raise NPS, baseline: 40, target: 60, current: 55 }
      - { id: O1-KR2, title: Cut agency churn, baseline: 10, target: 6, unit: '%', current: 9, deadline: 2026-10-31 }
  - id: O2
    title: Make onboarding effortless
    weight: 2
    keyResults:
      - { id: O2-KR1, title: Activate new workspaces in week one, baseline: 30, target: 50, unit: '%', current: 50 }
      - id: O2-KR2
        title: Ship the onboarding checklist
        baseline: 0
        target: 100
        progress: { source: linked-done, by: count }
  - id: O0
    title: Open the platform
    period: 2026-Q3
    keyResults:
      - { id: O0-KR1, title: Ship the public API beta, baseline: 0, target: 1, current: 1 }
`;

const RICE = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];
const ANA_TOKEN = 'lin_oauth_ana_0123456789';
const BOB_TOKEN = 'lin_oauth_bob_0123456789';

function parsedOkrs(): { okrs: Okrs; settings: Settings } {
  const result = parseOkrFile(OKRS);
  if (!result.ok) {
    throw new Error(`test OKRs are invalid: ${JSON.stringify(result.errors)}`);
  }
  return { okrs: result.okrs, settings: result.settings };
}

describe('the Linear roadmap API', () => {
  const linear = new LocalLinear();
  let eng: Team;
  let ops: Team;
  let db: Database;
  let store: CheckInStore;
  let api: RoadmapApi;
  let issues: Record<string, Issue>;
  const recorded: string[] = [];
  const ownSortOrders = new OwnSortOrders();

  /** A LinearApi as the mounting server builds one: a person's token, or the server's key. */
  const client = (auth: { accessToken: string } | { apiKey: string }) =>
    new LinearApi({
      client: new LinearClient({ ...auth, apiUrl: linear.url }),
      now: () => Date.now(),
      attempts: 1,
      backoffMs: 1,
      // A person waits on the page: a long rate-limit wait is an answer, not a hang.
      maxRatelimitWaitMs: 1_000,
    });
  const ana = (): ApiCaller => ({
    kind: 'person',
    linear: client({ accessToken: ANA_TOKEN }),
    userId: 'user-ana',
    name: 'Ana',
  });
  const bob = (): ApiCaller => ({
    kind: 'person',
    linear: client({ accessToken: BOB_TOKEN }),
    userId: 'user-bob',
    name: 'Bob',
  });
  const program = (): ApiCaller => ({ kind: 'program', linear: client({ apiKey: API_KEY }) });

  /** The server's deps: the OKR file with the stored check-ins merged, as start-server has them. */
  function deps(): RoadmapApiDeps {
    const { okrs, settings } = parsedOkrs();
    return {
      okrs: () => withStoredCheckIns(okrs, store),
      settings,
      checkIns: store,
      today: () => AS_OF,
      now: () => Date.now(),
      log: silentLogger,
      recorded: (krId) => recorded.push(krId),
      ownSortOrders,
    };
  }

  function data<T>(result: ResolverResult<T>): T {
    if (!result.ok) {
      throw new Error(`expected data, got ${JSON.stringify(result.error)}`);
    }
    return result.data;
  }

  beforeAll(async () => {
    await linear.start();
    ({ eng, ops } = seedWorkspace(linear));
    const group = linear.labels.find((l) => l.name === 'Key Results' && l.isGroup);
    linear.addLabel({ name: 'O2-KR2', parentId: group?.id ?? null });
    linear.addPerson(ANA_TOKEN, { name: 'Ana', writes: 'allowed' });
    linear.addPerson(BOB_TOKEN, { name: 'Bob', writes: 'forbidden' });
    linear.addCycle(eng, 11, 'past');
    const active = linear.addCycle(eng, 12, 'active');
    const next = linear.addCycle(eng, 13, 'next', 'Launch week');
    const later = linear.addCycle(eng, 14, 'future');
    const add = (title: string, fields: Parameters<LocalLinear['addIssue']>[1]) =>
      [title, linear.addIssue(eng, { title, ...fields })] as const;
    issues = Object.fromEntries([
      // Unlinked and scored last, yet first in the manual order: the re-rank moves it down.
      add('Template gallery search', {
        labels: RICE,
        estimate: 2,
        description: 'Search the template gallery by agency client name',
      }),
      add('NPS survey follow-up emails for agencies', {
        labels: ['Key Results/O1-KR1', ...RICE],
        estimate: 4,
        cycleId: active.id,
        stateType: 'unstarted',
      }),
      add('Churn alerts for agency accounts', {
        labels: ['Key Results/O1-KR2', ...RICE],
        estimate: 2,
        cycleId: active.id,
      }),
      add('Fix login redirect', { labels: ['bau'], estimate: 3, cycleId: active.id }),
      add('NPS survey reminders', {
        labels: ['icebox', ...RICE],
        estimate: 1,
        description: 'Remind agencies to answer the NPS survey',
        cycleId: next.id,
      }),
      add('Onboarding checklist', {
        labels: ['Key Results/O2-KR1', 'Key Results/O2-KR2', ...RICE],
        estimate: 5,
        cycleId: next.id,
      }),
      add('Later work', {
        labels: ['Key Results/O2-KR1', ...RICE],
        estimate: 1,
        cycleId: later.id,
      }),
    ]);
    linear.addIssue(ops, { title: 'Ops chore', labels: ['bau'] });

    db = await openDatabase(join(mkdtempSync(join(tmpdir(), 'keyrank-api-')), 'keyrank.db'));
    store = await CheckInStore.open(db);
    await store.append('O1-KR1', { date: '2026-11-10', value: 50, source: 'manual', by: 'Ana' });
    api = roadmapApi(deps());
  });
  afterAll(async () => {
    await db.close();
    await linear.close();
  });
  beforeEach(() => {
    linear.requests = [];
  });

  describe('roadmap/get', () => {
    it('answers the team’s objectives, KRs with check-ins and health, in three requests', async () => {
      const roadmap = data(await api['roadmap/get']({ projectKey: 'ENG' }, ana()));
      // The team list, the cycles and one backlog page; each as Ana, none a write.
      expect(linear.requests.map((r) => [r.kind, r.as, r.fields])).toEqual(
        expect.arrayContaining([
          ['read', 'Ana', ['teams']],
          ['read', 'Ana', ['team']],
        ]),
      );
      expect(linear.requests).toHaveLength(3);
      expect(linear.requests.every((r) => r.as === 'Ana' && r.kind === 'read')).toBe(true);

      expect(roadmap.scope).toEqual({ kind: 'project', projectKey: 'ENG' });
      expect(roadmap.projectKeys).toEqual(['ENG']);
      expect(roadmap.asOf).toBe(AS_OF);
      expect(roadmap.teams).toEqual([
        { key: 'ENG', name: 'Engineering' },
        { key: 'OPS', name: 'Operations' },
      ]);
      expect(roadmap.canCheckIn).toBe(true);
      // O0 ended with 2026-Q3: not on the roadmap.
      expect(roadmap.objectives.map((o) => [o.id, o.keyResults.map((kr) => kr.id)])).toEqual([
        ['O1', ['O1-KR1', 'O1-KR2']],
        ['O2', ['O2-KR1', 'O2-KR2']],
      ]);
      const [kr1, kr2] = roadmap.objectives[0]?.keyResults ?? [];
      // The stored check-in (50) wins over the file's current (55): 50% done, 49% expected.
      expect(kr1).toMatchObject({
        current: 50,
        progress: 0.5,
        health: 'on-track',
        stale: false,
        owner: 'Ana',
        lastCheckIn: { date: '2026-11-10', value: 50 },
        checkIns: [{ date: '2026-11-10', value: 50, by: 'Ana', source: 'manual', note: null }],
      });
      expect(kr1?.issues.map((i) => [i.key, i.statusName, i.assignee])).toEqual([
        ['ENG-2', 'Todo', null],
      ]);
      // Due 2026-10-31, 25% done: behind, and no check-in in 14 days: stale, owner named.
      expect(kr2).toMatchObject({ health: 'behind', stale: true, owner: 'Ana', behindPlan: true });
    });

    it('lists the Icebox with reasons and suggestions, and the capacity of the active and next cycles', async () => {
      const roadmap = data(await api['roadmap/get']({ projectKey: 'eng' }, program()));
      expect(roadmap.icebox.map((e) => [e.key, e.iceboxReason !== null])).toEqual([
        ['ENG-1', true],
        ['ENG-5', true],
      ]);
      const reminders = roadmap.icebox.find((e) => e.key === 'ENG-5');
      expect(reminders?.suggestions[0]).toMatchObject({ kr: 'O1-KR1', title: 'Raise NPS' });
      expect(roadmap.krOptions.map((o) => o.id)).toEqual(['O1-KR1', 'O1-KR2', 'O2-KR1', 'O2-KR2']);
      // Cycle 11 is over and Cycle 14 comes after the next one: neither is drawn.
      expect(roadmap.sprints.map((s) => [s.sprint, s.state, s.totalEffort])).toEqual([
        ['Cycle 12', 'active', 9],
        ['Launch week', 'next', 6],
      ]);
      const active = roadmap.sprints[0];
      // 6 of 9 points serve a KR (ENG-2, ENG-3), 3 are BAU (ENG-4).
      expect(active).toMatchObject({ okr: 66.7, bau: 33.3, unaligned: 0 });
    });

    it('reuses the team list for a minute, and picks the first team when none is named', async () => {
      const roadmap = data(await api['roadmap/get']({}, ana()));
      expect(roadmap.scope).toEqual({ kind: 'project', projectKey: 'ENG' });
      // Ana's team list was read by the first test: only the cycles and the backlog now.
      expect(linear.requests.map((r) => r.fields)).toEqual([['team'], ['team']]);
    });

    it('answers an unknown team with the teams the caller can choose from', async () => {
      const answer = await api['roadmap/get']({ projectKey: 'XYZ' }, ana());
      expect(answer).toEqual({
        ok: false,
        error: {
          kind: 'not-found',
          message: 'Linear has no team "XYZ" that you can see — choose one of: ENG, OPS',
        },
      });
    });

    it('reads a caller’s team list again once the minute is over', async () => {
      let now = 1_000_000;
      const clocked = roadmapApi({ ...deps(), now: () => now });
      const teamReads = () => linear.requests.filter((r) => r.fields.includes('teams')).length;
      data(await clocked['roadmap/get']({ projectKey: 'OPS' }, program()));
      now += 59_000;
      data(await clocked['roadmap/get']({ projectKey: 'OPS' }, program()));
      expect(teamReads()).toBe(1);
      now += 2_000;
      data(await clocked['roadmap/get']({ projectKey: 'OPS' }, program()));
      expect(teamReads()).toBe(2);
    });
  });

  describe('roadmap/linkIcebox', () => {
    it('links an Icebox issue as the person and takes the icebox label off, in one read and one write', async () => {
      const reminders = issues['NPS survey reminders'] as Issue;
      const answer = data(
        await api['roadmap/linkIcebox']({ issueKey: 'ENG-5', krId: 'O1-KR1' }, ana()),
      );
      expect(answer).toEqual({ issueKey: 'ENG-5', keyResults: ['O1-KR1'], icebox: false });
      expect(linear.labelNames(reminders).sort()).toEqual(
        ['1,000', 'High (2)', 'Medium (80%)', 'O1-KR1'].sort(),
      );
      expect(linear.requests.map((r) => [r.kind, r.as])).toEqual([
        ['read', 'Ana'],
        ['write', 'Ana'],
      ]);
    });

    it('keeps the issue in the Icebox when the KR has ended, and says so', async () => {
      const answer = data(
        await api['roadmap/linkIcebox']({ issueKey: 'ENG-1', krId: 'O0-KR1' }, ana()),
      );
      expect(answer).toEqual({ issueKey: 'ENG-1', keyResults: ['O0-KR1'], icebox: true });
      // Relinked to an active KR for the re-rank below: no icebox label to take off.
      data(await api['roadmap/linkIcebox']({ issueKey: 'ENG-1', krId: 'O2-KR1' }, ana()));
    });

    it.each([
      [
        'an unknown key result',
        { issueKey: 'ENG-1', krId: '01-KR1' },
        'not-found',
        'did you mean O1-KR1?',
      ],
      [
        'an unknown issue',
        { issueKey: 'ENG-999', krId: 'O1-KR1' },
        'not-found',
        'Linear has no issue ENG-999',
      ],
    ])('answers %s without writing', async (_, payload, kind, message) => {
      const answer = await api['roadmap/linkIcebox'](payload, ana());
      expect(answer).toMatchObject({ ok: false, error: { kind } });
      expect(!answer.ok && answer.error.message).toContain(message);
      expect(linear.writes).toBe(0);
    });
  });

  describe('roadmap/previewRerank and roadmap/applyRerank', () => {
    it('previews the fewest moves and applies them step by step as the person', async () => {
      const preview = data(await api['roadmap/previewRerank']({ projectKey: 'ENG' }, ana()));
      expect(preview.projectKey).toBe('ENG');
      expect(preview.order).toEqual(linear.order(eng));
      expect(preview.moves.length).toBeGreaterThan(0);
      const target = applyMoves(
        preview.order,
        preview.moves.map((m) => ({ key: m.key, ...m.anchor })),
      );
      let expectedOrder = preview.order;
      linear.requests = [];
      for (const batch of preview.batches) {
        const step = data(
          await api['roadmap/applyRerank']({ projectKey: 'ENG', expectedOrder, batch }, ana()),
        );
        expect(step.rankRequests).toBe(1);
        expect(linear.order(eng)).toEqual(step.order);
        expectedOrder = step.order;
      }
      expect(expectedOrder).toEqual(target);
      // Each step: one backlog read and one write, both as Ana; only moved issues written.
      expect(linear.requests.map((r) => [r.kind, r.as])).toEqual(
        preview.batches.flatMap(() => [
          ['read', 'Ana'],
          ['write', 'Ana'],
        ]),
      );
      const moved = new Set(preview.moves.map((m) => m.key));
      const written = linear
        .writeRequests()
        .flatMap((r) => Object.entries(r.variables).filter(([name]) => name.endsWith('_id')))
        .map(([, id]) => linear.issues.find((i) => i.id === id)?.identifier);
      expect(new Set(written)).toEqual(moved);
      // Keyrank's own move: its webhook echo must not start another re-rank.
      const first = linear.issue([...moved][0] as string);
      expect(ownSortOrders.isOwn(first.id, first.sortOrder)).toBe(true);
      // Ordered now: a new preview finds nothing to move.
      expect(data(await api['roadmap/previewRerank']({ projectKey: 'ENG' }, ana())).moves).toEqual(
        [],
      );
    });

    it('refuses a step whose backlog changed since the preview, writing nothing', async () => {
      const misplaced = issues['Later work'] as Issue;
      linear.edit(misplaced, (issue) => (issue.sortOrder = 1_000_000));
      const preview = data(await api['roadmap/previewRerank']({ projectKey: 'ENG' }, ana()));
      const [batch] = preview.batches;
      expect(batch).toBeDefined();
      // Someone drags an issue in Linear between the preview and the apply.
      const dragged = issues['Fix login redirect'] as Issue;
      linear.edit(dragged, (issue) => (issue.sortOrder = -5_000));
      linear.requests = [];
      const answer = await api['roadmap/applyRerank'](
        { projectKey: 'ENG', expectedOrder: preview.order, batch: batch! },
        ana(),
      );
      expect(answer).toEqual({
        ok: false,
        error: {
          kind: 'invalid-input',
          message: 'the ENG backlog changed since the preview — preview the re-rank again',
        },
      });
      expect(linear.writes).toBe(0);
    });
  });

  describe('roadmap/checkIn', () => {
    it('stores a person’s check-in signed with their name and answers where the KR stands', async () => {
      const view = data(
        await api['roadmap/checkIn']({ krId: 'O1-KR1', value: 58, note: ' weekly pulse ' }, ana()),
      );
      expect(view).toMatchObject({
        krId: 'O1-KR1',
        current: 58,
        progress: 0.9,
        lastCheckIn: { date: AS_OF, value: 58 },
      });
      expect(view.checkIns.at(-1)).toEqual({
        date: AS_OF,
        value: 58,
        note: 'weekly pulse',
        by: 'Ana',
        source: 'manual',
      });
      expect(recorded).toContain('O1-KR1');
      expect(linear.requests).toHaveLength(0);
      data(await api['roadmap/checkIn']({ krId: 'O1-KR2', value: 8.5 }, program()));
      expect((await store.list('O1-KR2')).at(-1)).toMatchObject({ value: 8.5, by: 'program' });
    });

    it.each([
      [
        'an unknown key result',
        { krId: 'O9-KR1', value: 1 },
        'not-found',
        'O9-KR1 is not a key result',
      ],
      [
        'a linked-done key result',
        { krId: 'O2-KR2', value: 1 },
        'invalid-input',
        'takes its value from linked-done',
      ],
      [
        'a date after today',
        { krId: 'O1-KR1', value: 1, date: '2026-11-16' },
        'invalid-input',
        'is after today',
      ],
    ])('refuses %s, storing nothing', async (_, payload, kind, message) => {
      const before = (await store.list(payload.krId)).length;
      const answer = await api['roadmap/checkIn'](payload, ana());
      expect(answer).toMatchObject({ ok: false, error: { kind } });
      expect(!answer.ok && answer.error.message).toContain(message);
      expect(await store.list(payload.krId)).toHaveLength(before);
    });
  });

  describe('when Linear refuses or fails', () => {
    it('answers forbidden when Linear refuses the person’s write, and nothing changes', async () => {
      const search = issues['Template gallery search'] as Issue;
      const labelsBefore = [...search.labelIds];
      const answer = await api['roadmap/linkIcebox']({ issueKey: 'ENG-1', krId: 'O1-KR1' }, bob());
      expect(answer).toEqual({
        ok: false,
        error: {
          kind: 'forbidden',
          message:
            'Linear did not allow it: You do not have permission to update issues in this team.',
        },
      });
      expect(search.labelIds).toEqual(labelsBefore);
      // Refused as a whole: one write, not one per half of the document.
      expect(linear.requests.filter((r) => r.kind === 'write')).toHaveLength(1);
    });

    it('answers forbidden, asking to sign in again, when Linear no longer accepts the token', async () => {
      const revoked: ApiCaller = {
        kind: 'person',
        linear: client({ accessToken: 'lin_oauth_revoked_0123' }),
        userId: 'user-carl',
        name: 'Carl',
      };
      expect(await api['roadmap/get']({ projectKey: 'ENG' }, revoked)).toEqual({
        ok: false,
        error: {
          kind: 'forbidden',
          message: 'Linear no longer accepts your sign-in — sign in again',
        },
      });
    });

    it('says Linear is busy when it is rate limited', async () => {
      linear.ratelimitNext(1, 60_000);
      const answer = await api['roadmap/previewRerank']({ projectKey: 'ENG' }, ana());
      expect(answer).toEqual({
        ok: false,
        error: {
          kind: 'jira-error',
          message: 'Linear is busy (rate limited) — try again in a minute',
        },
      });
    });
  });
});
