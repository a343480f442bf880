import { afterEach, describe, expect, it } from 'vitest';
import type { AdminData, ReconcileProgress } from '../../../src/contract/admin';
import { applyMoves } from '../../../src/core/index';
import { fieldIdsOf } from '../../../src/jira/api/field-ids';
import { snapshotFields } from '../../../src/jira/read/issue-snapshot';
import { defineResolvers } from '../../../src/jira/forge/define-resolvers';
import { adminHandlers } from '../../../src/jira/pages/admin/admin-handlers';
import { planBacklog, syncBacklog } from '../../../src/jira/sync/sync-backlog';
import { ADMIN, memoryQueue, startHarness, type Harness } from '../harness';
import { invoke } from '../invoke-resolver';
import type { IssueSeed } from '../local-jira/jira-state';
import { drainReconcile } from './drain-reconcile';

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

const rice = (reach: number) => ({ reach, impact: 1, confidence: 100, effort: 1 });
const linked = (key: string, reach: number, extra: Partial<IssueSeed> = {}): IssueSeed => ({
  key,
  keyResults: ['O2-KR1'],
  rice: rice(reach),
  ...extra,
});

describe('reconcile and re-rank', () => {
  it('moves only the misplaced issues, around a started one and a bug that keep their places', async () => {
    h = await startHarness([
      linked('ENG-1', 300),
      linked('ENG-2', 100),
      { key: 'ENG-3', type: 'Bug' },
      linked('ENG-4', 200, { status: 'indeterminate' }),
      linked('ENG-5', 500),
      linked('ENG-6', 50),
      linked('ENG-7', 400),
    ]);
    const result = await syncBacklog(h.deps, 'ENG');
    // Fixed: ENG-3 (BAU) at 2, ENG-4 (started) at 3. Slots 0,1,4,5,6 by score: 5,7,1,2,6.
    expect(h.jira.state.order('ENG')).toEqual([
      'ENG-5',
      'ENG-7',
      'ENG-3',
      'ENG-4',
      'ENG-1',
      'ENG-2',
      'ENG-6',
    ]);
    const ranked = h.jira.requests.filter((r) => r.endpoint === 'PUT /rest/agile/1.0/issue/rank');
    const moved = ranked.flatMap((r) => (r.body as { issues: string[] }).issues);
    // ENG-6 is already where it belongs; the fixed ENG-3 and ENG-4 never move.
    expect(moved.sort()).toEqual(['ENG-1', 'ENG-2', 'ENG-5', 'ENG-7']);
    expect(result.moves).toBe(4);
    // "ENG-7 after ENG-5" continues ENG-5's call, "ENG-2 after ENG-1" continues ENG-1's.
    expect(ranked.map((r) => r.body)).toEqual([
      { issues: ['ENG-5', 'ENG-7'], rankBeforeIssue: 'ENG-3' },
      { issues: ['ENG-1', 'ENG-2'], rankAfterIssue: 'ENG-4' },
    ]);
    expect(ranked.every((r) => r.provider === 'app')).toBe(true);

    const before = h.jira.requests.length;
    const again = await syncBacklog(h.deps, 'ENG');
    expect(again.moves).toBe(0);
    expect(
      h.jira.requests
        .slice(before)
        .every((r) => r.endpoint === 'POST /rest/api/3/search/jql' || r.method === 'GET'),
    ).toBe(true);
  });

  it('reads page by page with nextPageToken and ranks in batches of at most 50', async () => {
    const seeds = Array.from({ length: 230 }, (_, i) => linked(`ENG-${i + 1}`, i + 1));
    h = await startHarness(seeds);
    const planned = await planBacklog(h.deps, h.deps.app, h.deps.app, 'ENG');
    const target = planned.plan?.issues.map((d) => d.issue.key) ?? [];
    const result = await syncBacklog(h.deps, 'ENG');

    const searches = h.jira.requests.filter((r) => r.endpoint === 'POST /rest/api/3/search/jql');
    // planBacklog read 3 pages, reconcile another 3; the second page onwards carries a token.
    expect(searches).toHaveLength(6);
    expect(searches.map((r) => (r.body as { nextPageToken?: string }).nextPageToken)).toEqual([
      undefined,
      'page-100',
      'page-200',
      undefined,
      'page-100',
      'page-200',
    ]);
    // Only the snapshot's fields are requested, whatever they are (the read owns that list).
    const fields = snapshotFields(await fieldIdsOf(h.deps.app));
    expect(
      searches.every((r) => (r.body as { fields: string[] }).fields.length === fields.length),
    ).toBe(true);
    const ranked = h.jira.requests.filter((r) => r.endpoint === 'PUT /rest/agile/1.0/issue/rank');
    expect(ranked.every((r) => (r.body as { issues: string[] }).issues.length <= 50)).toBe(true);
    expect(result.writes.rankRequests).toBe(ranked.length);
    expect(ranked.length).toBe(Math.ceil(result.moves / 50));
    expect(h.jira.state.order('ENG')).toEqual(target);
    expect(target.slice(0, 3)).toEqual(['ENG-230', 'ENG-229', 'ENG-228']);
    // 230 distinct scores: one bulk field request (≤ 1,000 issues) writes them all.
    expect(result.writes.scoreRequests).toBe(1);
  });

  it('labels many issues with one bulk edit and leaves rank alone when automatic rank is off', async () => {
    h = await startHarness(
      [
        linked('ENG-1', 1),
        { key: 'ENG-2' },
        { key: 'ENG-3' },
        { key: 'ENG-4', labels: ['icebox'], keyResults: ['O1-KR1'], rice: rice(9) },
      ],
      { settings: { rankAutomatically: false } },
    );
    const result = await syncBacklog(h.deps, 'ENG');
    expect(h.jira.state.issues.map((i) => i.labels)).toEqual([[], ['icebox'], ['icebox'], []]);
    const bulk = h.jira.requests.filter(
      (r) => r.endpoint === 'POST /rest/api/3/bulk/issues/fields',
    );
    expect(bulk).toHaveLength(1);
    expect(bulk[0]?.body).toMatchObject({ selectedIssueIdsOrKeys: ['ENG-2', 'ENG-3'] });
    // One label removal goes through a single issue edit.
    expect(h.jira.count('PUT /rest/api/3/issue/{issueIdOrKey}')).toBe(1);
    expect(result.writes.rankRequests).toBe(0);
    expect(h.jira.state.order('ENG')).toEqual(['ENG-1', 'ENG-2', 'ENG-3', 'ENG-4']);
  });

  it('splits a site reconcile into one queue event per project and finishes with the right state', async () => {
    h = await startHarness(
      [
        linked('ENG-1', 1),
        linked('ENG-2', 2),
        { key: 'OPS-1' },
        linked('OPS-2', 5),
        { key: 'WEB-1', keyResults: ['O0-KR1'] },
      ],
      { settings: { scheduleBoost: false } },
    );
    const queue = memoryQueue();
    const admin = defineResolvers(
      adminHandlers(
        () => queue,
        () => 'job-1',
      ),
      () => h!.deps,
    );
    const asAdmin = { runtime: h.runtime, accountId: ADMIN };
    const started = await invoke<ReconcileProgress>(admin, 'admin/reconcile-now', {}, asAdmin);
    expect(started.ok && started.data).toMatchObject({
      jobId: 'job-1',
      projectsTotal: 3,
      projectsDone: 0,
      finishedAt: null,
    });
    expect(queue.events).toEqual([
      { jobId: 'job-1', projectKey: 'ENG' },
      { jobId: 'job-1', projectKey: 'OPS' },
      { jobId: 'job-1', projectKey: 'WEB' },
    ]);

    // Forge invokes the consumer once per event; the admin page shows progress in between.
    // ENG's first step reads its two issues; its Rank step follows before OPS's first.
    let midway: AdminData['reconcile'] | undefined;
    await drainReconcile(h.deps, queue, {
      after: async (_, index) => {
        if (index === 0) {
          const answer = await invoke<AdminData>(admin, 'admin/get', {}, asAdmin);
          midway = answer.ok ? answer.data.reconcile : null;
        }
      },
    });
    expect(midway).toMatchObject({ projectsDone: 0, issuesRead: 2, finishedAt: null });
    const done = await invoke<AdminData>(admin, 'admin/get', {}, asAdmin);
    expect(done.ok && done.data.reconcile).toMatchObject({
      projectsDone: 3,
      projectsTotal: 3,
      issuesRead: 5,
      failures: [],
    });
    expect(done.ok && done.data.reconcile?.finishedAt).not.toBeNull();
    expect(h.jira.state.order()).toEqual(['ENG-2', 'ENG-1', 'OPS-2', 'OPS-1', 'WEB-1']);
    expect(h.jira.state.issues.map((i) => [i.key, i.labels])).toEqual([
      ['ENG-2', []],
      ['ENG-1', []],
      ['OPS-2', []],
      ['OPS-1', ['icebox']],
      ['WEB-1', ['icebox']],
    ]);
    expect(h.jira.state.get('OPS-2')?.score).toBe(10);
  });

  it("records a project that still fails after Forge's retries and carries on with the next", async () => {
    h = await startHarness([linked('ENG-1', 1), linked('OPS-1', 1)], {
      settings: { scheduleBoost: false },
    });
    const queue = memoryQueue();
    const admin = defineResolvers(
      adminHandlers(
        () => queue,
        () => 'job-2',
      ),
      () => h!.deps,
    );
    const asAdmin = { runtime: h.runtime, accountId: ADMIN };
    await invoke<ReconcileProgress>(admin, 'admin/reconcile-now', {}, asAdmin);
    // Each delivery's search gives up after 5 answers of 429; Forge delivers 1 + 3 retries.
    h.jira.throttle('POST /rest/api/3/search/jql', 20, 0);
    const deliveries = await drainReconcile(h.deps, queue);
    expect(deliveries.filter((d) => d.event.projectKey === 'ENG').map((d) => d.outcome)).toEqual([
      'retry',
      'retry',
      'retry',
      'done',
    ]);
    const done = await invoke<AdminData>(admin, 'admin/get', {}, asAdmin);
    expect(done.ok && done.data.reconcile?.failures).toEqual([
      'ENG: Jira answered 429 to search issues: Rate limit exceeded',
    ]);
    expect(done.ok && done.data.reconcile?.projectsDone).toBe(2);
    expect(h.jira.state.get('OPS-1')?.score).toBe(2);
  });

  it('fewest moves applied as Jira applies rank batches give the planned order', () => {
    const order = ['a', 'b', 'c', 'd'];
    expect(
      applyMoves(order, [
        { key: 'd', before: 'a' },
        { key: 'c', after: 'd' },
      ]),
    ).toEqual(['d', 'c', 'a', 'b']);
  });
});
