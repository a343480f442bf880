import { afterEach, describe, expect, it } from 'vitest';
import { loadKrCheckIns } from '../../../src/jira/store/check-in-store';
import { loadProgress } from '../../../src/jira/store/workspace-store';
import { startReconcile } from '../../../src/jira/sync/reconcile-job';
import { syncBacklog } from '../../../src/jira/sync/sync-backlog';
import { GOOD_RICE, memoryQueue, startHarness, type Harness } from '../harness';
import type { IssueSeed } from '../local-jira/jira-state';
import { AUTOMATIC_ISSUES, AUTOMATIC_OKRS } from './automatic-okrs';
import { drainReconcile } from './drain-reconcile';

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

const COUNT = 'POST /rest/api/3/search/approximate-count';
const SCORE = 'POST /rest/api/3/app/field/value';

/** Open work on O1-KR1 (a query KR at 0 of 10 in the file): its score moves with the KR. */
const WORK: IssueSeed[] = [
  { key: 'ENG-20', keyResults: ['O1-KR1'], rice: GOOD_RICE },
  { key: 'OPS-20', keyResults: ['O1-KR1'], rice: GOOD_RICE },
];

describe('the daily reconcile reads automatic key-result values once per run', () => {
  it('records them in a first step before any project, so the same run scores with them', async () => {
    h = await startHarness([...AUTOMATIC_ISSUES, ...WORK], { okrFile: AUTOMATIC_OKRS });
    // Yesterday's scores, made with the file's values (O1-KR1 at its baseline).
    await syncBacklog(h.deps, 'ENG');
    await syncBacklog(h.deps, 'OPS');
    const before = h.jira.state.get('ENG-20')!.score;
    const countsBefore = h.jira.count(COUNT);

    const queue = memoryQueue();
    await startReconcile(h.deps, queue, 'job-1');
    // The run starts with one event and no project: the projects follow the KR step.
    expect(queue.events).toEqual([{ jobId: 'job-1', keyResults: true }]);
    const deliveries = await drainReconcile(h.deps, queue, { deliverTwice: true });

    const firsts = deliveries.filter((_, i) => i % 2 === 0);
    // Then each project's steps: read, then rank.
    expect(firsts.map((d) => d.event)).toEqual([
      { jobId: 'job-1', keyResults: true },
      { jobId: 'job-1', projectKey: 'ENG' },
      { jobId: 'job-1', projectKey: 'OPS' },
      { jobId: 'job-1', projectKey: 'ENG', step: 1 },
      { jobId: 'job-1', projectKey: 'OPS', step: 1 },
    ]);
    expect(firsts.every((d) => d.outcome === 'done')).toBe(true);
    // A repeated delivery of the KR step reads nothing and pushes no project twice.
    expect(deliveries[1]?.outcome).toBe('duplicate');
    expect(queue.events.filter((e) => e.projectKey === 'ENG' && e.step === undefined)).toHaveLength(
      1,
    );
    // Once per run, not per project: the two count KRs, one request each.
    expect(h.jira.count(COUNT) - countsBefore).toBe(2);

    expect((await loadKrCheckIns(h.store, 'O1-KR1')).checkIns).toEqual([
      { date: '2026-11-15', value: 2, source: 'query' },
    ]);
    const after = h.jira.state.get('ENG-20')!.score;
    expect(after).not.toBe(before);
    // Nothing is left for a one-shot reconcile to write: the run scored with the new values.
    const writes = h.jira.count(SCORE);
    await syncBacklog(h.deps, 'ENG');
    await syncBacklog(h.deps, 'OPS');
    expect(h.jira.count(SCORE)).toBe(writes);

    const { progress } = await loadProgress(h.store);
    expect(progress).toMatchObject({ projectsTotal: 2, projectsDone: 2 });
    expect(progress?.finishedAt).not.toBeNull();
    // The refused query is on the admin page's list, with Jira's own words; the run went on.
    expect(progress?.failures).toEqual([
      "O1-KR2: its value was not read, it keeps the last one — Jira answered 400 to count issues: Field 'colour' does not exist or you cannot view it.",
    ]);
  });

  it('a reconcile with no automatic KR pushes the projects at once, as before', async () => {
    h = await startHarness(WORK.map((w) => ({ ...w, keyResults: ['O2-KR1'] })));
    const queue = memoryQueue();
    await startReconcile(h.deps, queue, 'job-1');
    expect(queue.events).toEqual([
      { jobId: 'job-1', projectKey: 'ENG' },
      { jobId: 'job-1', projectKey: 'OPS' },
    ]);
    await drainReconcile(h.deps, queue);
    expect(h.jira.count(COUNT)).toBe(0);
  });

  it('a KR step whose storage fails is retried by Forge, and after the last retry the projects still run', async () => {
    h = await startHarness([...AUTOMATIC_ISSUES, ...WORK], { okrFile: AUTOMATIC_OKRS });
    const real = h.store;
    let failing = 4;
    // Storing a check-in fails: the first delivery and its 3 retries, then it works again.
    const store = {
      get: (key: string) => real.get(key),
      set: (key: string, value: unknown) =>
        key.startsWith('check-ins:') && failing-- > 0
          ? Promise.reject(new Error('kvs is unavailable'))
          : real.set(key, value),
    };
    const deps = { ...h.deps, store };
    const queue = memoryQueue();
    await startReconcile(deps, queue, 'job-1');
    const deliveries = await drainReconcile(deps, queue);
    expect(deliveries.slice(0, 5).map((d) => [d.retryCount, d.outcome])).toEqual([
      [0, 'retry'],
      [1, 'retry'],
      [2, 'retry'],
      [3, 'done'],
      [0, 'done'],
    ]);
    const { progress } = await loadProgress(real);
    expect(progress?.failures).toEqual(['key result values: not read — kvs is unavailable']);
    expect(progress).toMatchObject({ projectsTotal: 2, projectsDone: 2 });
    expect(progress?.finishedAt).not.toBeNull();
  });

  it('a newer reconcile supersedes a KR step still queued: it reads nothing', async () => {
    h = await startHarness([...AUTOMATIC_ISSUES, ...WORK], { okrFile: AUTOMATIC_OKRS });
    const queue = memoryQueue();
    await startReconcile(h.deps, queue, 'job-old');
    await startReconcile(h.deps, queue, 'job-new');
    const deliveries = await drainReconcile(h.deps, queue);
    expect(deliveries.map((d) => [d.event.jobId, d.outcome])).toEqual([
      ['job-old', 'superseded'],
      ...Array.from({ length: 5 }, () => ['job-new', 'done']),
    ]);
    expect(h.jira.count(COUNT)).toBe(2);
  });
});
