import { asApp } from '@forge/api';
import { afterEach, describe, expect, it } from 'vitest';
import { JiraClient, type RequestJira } from '../../../src/jira/api/jira-client';
import { loadRun } from '../../../src/jira/store/reconcile-run-store';
import { loadProgress } from '../../../src/jira/store/workspace-store';
import { startReconcile } from '../../../src/jira/sync/reconcile-job';
import { syncBacklog } from '../../../src/jira/sync/sync-backlog';
import { memoryQueue, startHarness, type Harness } from '../harness';
import type { IssueSeed } from '../local-jira/jira-state';
import { drainReconcile } from './drain-reconcile';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    expect(h.jira.violations).toEqual([]);
    await h.close();
  }
});

const SCORE = 'POST /rest/api/3/app/field/value';
const LABELS = 'POST /rest/api/3/bulk/issues/fields';
const EDIT = 'PUT /rest/api/3/issue/{issueIdOrKey}';
const RANK = 'PUT /rest/agile/1.0/issue/rank';
const SEARCH = 'POST /rest/api/3/search/jql';

/** 25 pages of 100 at most; 3 pages an event; 4 Rank calls an event: many events either way. */
const LIMITS = { pageSize: 100, pagesPerEvent: 3, rankCallsPerEvent: 4 };

/**
 * 2,500 open issues in a scrambled order: scored work of many values, unlinked (iceboxed)
 * issues, bugs and started issues that keep their places, some already labelled or scored.
 */
function bigBacklog(): IssueSeed[] {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  return Array.from({ length: 2500 }, (_, i): IssueSeed => {
    const key = `BIG-${i + 1}`;
    const roll = random();
    if (roll < 0.05) {
      return { key, type: 'Bug' };
    }
    if (roll < 0.1) {
      return { key, keyResults: ['O2-KR1'], status: 'indeterminate' };
    }
    if (roll < 0.3) {
      return { key, ...(roll < 0.15 ? { labels: ['icebox'] } : {}) };
    }
    return {
      key,
      keyResults: [roll < 0.6 ? 'O2-KR1' : 'O1-KR1'],
      rice: { reach: 1 + Math.floor(random() * 5000), impact: 1, confidence: 100, effort: 1 },
      ...(roll > 0.95 ? { labels: ['icebox'] } : {}),
    };
  });
}

async function harness(): Promise<Harness> {
  const h = await startHarness(bigBacklog(), { settings: { scheduleBoost: false } });
  harnesses.push(h);
  return h;
}

/** What a reconcile leaves in Jira: the Rank order and each issue's score and labels. */
function endState(h: Harness): unknown {
  return {
    order: h.jira.state.order('BIG'),
    issues: h.jira.state.issues.map((i) => [i.key, i.score, i.labels]),
  };
}

function writeRequests(h: Harness): Record<string, number> {
  return {
    scores: h.jira.count(SCORE),
    labels: h.jira.count(LABELS) + h.jira.count(EDIT),
    rank: h.jira.count(RANK),
  };
}

/** The reference: the same backlog reconciled in one call, as before paging. */
async function oneShot(): Promise<{ state: unknown; writes: Record<string, number> }> {
  const h = await harness();
  await syncBacklog(h.deps, 'BIG');
  return { state: endState(h), writes: writeRequests(h) };
}

describe('a reconcile resumable by page', () => {
  it('reconciles 2,500 issues over many queue events with the writes of a one-shot reconcile, progress visible after each', async () => {
    const reference = await oneShot();
    const h = await harness();
    const queue = memoryQueue();
    await startReconcile(h.deps, queue, 'job-1');
    const seen: { issuesRead: number; writes: number; projectsDone: number }[] = [];
    const deliveries = await drainReconcile(h.deps, queue, {
      limits: LIMITS,
      after: async () => {
        const { progress } = await loadProgress(h.store);
        seen.push({
          issuesRead: progress?.issuesRead ?? -1,
          writes: progress?.writes ?? -1,
          projectsDone: progress?.projectsDone ?? -1,
        });
      },
    });

    // 25 pages at 3 an event: 9 read events; then the Rank calls, 4 an event.
    const rankEvents = Math.ceil(reference.writes.rank! / LIMITS.rankCallsPerEvent);
    expect(deliveries).toHaveLength(9 + rankEvents);
    expect(deliveries.every((d) => d.outcome === 'done')).toBe(true);
    expect(deliveries.map((d) => d.event.step ?? 0)).toEqual(
      Array.from({ length: 9 + rankEvents }, (_, i) => i),
    );
    // Each read event reads at most 3 pages, and its issues show on the admin page at once.
    expect(seen.slice(0, 9).map((s) => s.issuesRead)).toEqual([
      300, 600, 900, 1200, 1500, 1800, 2100, 2400, 2500,
    ]);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.writes).toBeGreaterThanOrEqual(seen[i - 1]!.writes);
    }
    expect(seen.slice(0, -1).every((s) => s.projectsDone === 0)).toBe(true);
    expect(seen.at(-1)).toEqual({
      issuesRead: 2500,
      projectsDone: 1,
      writes: reference.writes.scores! + reference.writes.labels! + reference.writes.rank!,
    });
    expect(h.jira.count(SEARCH)).toBe(25);
    expect(
      h.jira.requests.filter((r) => r.endpoint === SEARCH).every((r) => r.provider === 'app'),
    ).toBe(true);

    expect(endState(h)).toEqual(reference.state);
    expect(writeRequests(h)).toEqual(reference.writes);
    const { progress } = await loadProgress(h.store);
    expect(progress?.finishedAt).not.toBeNull();
    expect(progress?.failures).toEqual([]);
  });

  it('a step that fails mid-run is retried by Forge and resumes: the end state equals a one-shot reconcile, no write sent twice', async () => {
    const reference = await oneShot();
    const h = await harness();
    // Jira fails the 2nd score write and the 5th Rank call once each: both land mid-event.
    let scoreCalls = 0;
    let rankCalls = 0;
    const real = asApp().requestJira;
    const flaky: RequestJira = async (path, init) => {
      const url = path.value;
      const fail =
        (url.endsWith('/app/field/value') && ++scoreCalls === 2) ||
        (url.endsWith('/issue/rank') && ++rankCalls === 5);
      return fail
        ? new Response(JSON.stringify({ errorMessages: ['Internal server error'] }), {
            status: 500,
          })
        : real(path, init);
    };
    const deps = { ...h.deps, app: new JiraClient({ requestJira: flaky, sleep: async () => {} }) };
    const queue = memoryQueue();
    await startReconcile(deps, queue, 'job-1');
    // A 429 storm on the search (5 answers: the client gives up) after the third event.
    const deliveries = await drainReconcile(deps, queue, {
      limits: { ...LIMITS, pagesPerEvent: 10 },
      after: (_, index) => {
        if (index === 1) {
          h.jira.throttle(SEARCH, 5, 0);
        }
      },
    });

    // Three failures (a search, then on its retry a score write; a Rank call), each step's
    // last delivery done.
    expect(deliveries.filter((d) => d.outcome === 'retry')).toHaveLength(3);
    const last = new Map(deliveries.map((d) => [d.event.step ?? 0, d]));
    expect([...last.values()].every((d) => d.outcome === 'done')).toBe(true);
    expect(Math.max(...deliveries.map((d) => d.retryCount))).toBe(2);
    expect(endState(h)).toEqual(reference.state);
    // The failed requests never reached Jira; every other write was sent exactly once.
    expect(writeRequests(h)).toEqual(reference.writes);
    // Only the failed step is read again: its 5 pages (the 429s stopped it before any page).
    expect(h.jira.requests.filter((r) => r.endpoint === SEARCH && r.status === 200)).toHaveLength(
      25 + 5,
    );
    const { progress } = await loadProgress(h.store);
    expect(progress).toMatchObject({ projectsDone: 1, issuesRead: 2500, failures: [] });
  });

  it('a duplicate delivery of every event writes nothing twice and reads nothing again', async () => {
    const reference = await oneShot();
    const h = await harness();
    const queue = memoryQueue();
    await startReconcile(h.deps, queue, 'job-1');
    const deliveries = await drainReconcile(h.deps, queue, { limits: LIMITS, deliverTwice: true });

    expect(deliveries.filter((_, i) => i % 2 === 1).every((d) => d.outcome === 'duplicate')).toBe(
      true,
    );
    // No event was pushed twice, so the chain did not fork.
    expect(new Set(queue.events.map((e) => e.step ?? 0)).size).toBe(queue.events.length);
    expect(endState(h)).toEqual(reference.state);
    expect(writeRequests(h)).toEqual(reference.writes);
    expect(h.jira.count(SEARCH)).toBe(25);
    const { progress } = await loadProgress(h.store);
    expect(progress).toMatchObject({ projectsDone: 1, issuesRead: 2500 });
  });

  it('an event lost after its step was stored is completed by the repeat: the next event is pushed once', async () => {
    const h = await harness();
    const queue = memoryQueue();
    await startReconcile(h.deps, queue, 'job-1');
    // The push fails once, as if the invocation died right after storing its step.
    let failPush = true;
    const lossy = {
      ...queue,
      push: async (events: Parameters<typeof queue.push>[0]) => {
        if (failPush) {
          failPush = false;
          throw new Error('the queue is unavailable');
        }
        await queue.push(events);
      },
    };
    const { runReconcileEvent } = await import('../../../src/jira/sync/reconcile-job');
    await expect(
      runReconcileEvent(h.deps, lossy, queue.events[0], { limits: LIMITS }),
    ).rejects.toThrow('the queue is unavailable');
    const stored = await loadRun(h.store, 'BIG');
    expect(stored).toMatchObject({ step: 1, outbox: { step: 1 } });
    const before = h.jira.requests.length;
    expect(await runReconcileEvent(h.deps, lossy, queue.events[0], { limits: LIMITS })).toBe(
      'duplicate',
    );
    expect(h.jira.requests.length).toBe(before);
    expect(queue.events.map((e) => e.step ?? 0)).toEqual([0, 1]);
    expect(await loadRun(h.store, 'BIG')).toMatchObject({ outbox: null });
  });

  it('a newer reconcile supersedes a running one: the old chain stops, one run per project', async () => {
    const reference = await oneShot();
    const h = await harness();
    const queue = memoryQueue();
    await startReconcile(h.deps, queue, 'job-old');
    await drainReconcile(h.deps, queue, {
      limits: LIMITS,
      after: async (_, index) => {
        if (index === 1) {
          // "Reconcile now" while the daily run is two events in.
          await startReconcile(h.deps, queue, 'job-new');
        }
      },
    }).then((deliveries) => {
      const old = deliveries.filter((d) => d.event.jobId === 'job-old');
      expect(old.map((d) => d.outcome)).toEqual(['done', 'done', 'superseded']);
      expect(
        deliveries.filter((d) => d.event.jobId === 'job-new').every((d) => d.outcome === 'done'),
      ).toBe(true);
    });
    expect(endState(h)).toEqual(reference.state);
    const { progress } = await loadProgress(h.store);
    expect(progress).toMatchObject({ jobId: 'job-new', projectsDone: 1, issuesRead: 2500 });
  });
});
