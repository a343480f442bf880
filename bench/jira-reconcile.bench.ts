/**
 * `npm run bench jira`: reconciles a synthetic project against the local Jira (the same
 * spec-validating server the tests use, on loopback, through the real @forge/api) and prints
 * requests per endpoint and wall time, twice: in one call (`syncBacklog`, before paging) and as
 * the Forge consumer runs it, one queue event at a time (`runReconcileEvent`: 10 pages or 40
 * Rank calls an event), with the longest single invocation. `KEYRANK_BENCH_LARGE=100000` adds
 * a project of that size, paged only (slow: the local Jira finds issues by scanning). The floor it is compared with: one read per
 * 100-issue page, then ⌈changed / batch size⌉ writes per kind (1,000 for field values and bulk
 * labels, 50 for Rank).
 */
import { performance } from 'node:perf_hooks';
import { asApp } from '@forge/api';
import { parseOkrFile, plan } from '../src/core/index';
import { JiraClient } from '../src/jira/api/jira-client';
import type { AppDeps } from '../src/jira/deps';
import { memoryStore } from '../src/jira/store/key-value-store';
import { STORE_KEYS } from '../src/jira/store/workspace-store';
import {
  runReconcileEvent,
  startReconcile,
  type ReconcileEvent,
} from '../src/jira/sync/reconcile-job';
import { syncBacklog } from '../src/jira/sync/sync-backlog';
import { installForgeRuntime } from '../test/jira/local-jira/forge-runtime';
import { JiraState, type IssueSeed } from '../test/jira/local-jira/jira-state';
import { startLocalJira } from '../test/jira/local-jira/server';
import { seeded } from './synthetic-backlog';

const ISSUES = 10_000;
const LARGE = Number(process.env['KEYRANK_BENCH_LARGE'] ?? '0');
const MISRANKED = 0.3;
const UNLINKED = 0.2;
const krs = ['O1-KR1', 'O1-KR2', 'O2-KR1', 'O2-KR2', 'O3-KR1'];
const okrFile = `period: 2026-Q4
objectives:
  - { id: O1, title: Delight agencies, keyResults: [{ id: O1-KR1, title: NPS, baseline: 40, target: 55, current: 50 }, { id: O1-KR2, title: Churn, baseline: 10, target: 8, current: 9 }] }
  - { id: O2, title: Templates first, weight: 2, keyResults: [{ id: O2-KR1, title: Usage, baseline: 0, target: 30, current: 10 }, { id: O2-KR2, title: Shares, baseline: 0, target: 100, current: 80 }] }
  - { id: O3, title: Faster onboarding, keyResults: [{ id: O3-KR1, title: Time to value, baseline: 14, target: 3, current: 9 }] }
`;
const parsed = parseOkrFile(okrFile);
if (!parsed.ok) {
  throw new Error('bench OKR file is invalid');
}
/** The order the core gives these open issues, as Keyrank will rank them. */
function planOrder(seeds: readonly IssueSeed[]): string[] {
  if (!parsed.ok) {
    throw new Error('bench OKR file is invalid');
  }
  return plan({
    okrs: parsed.okrs,
    settings: parsed.settings,
    asOf: '2026-11-15',
    issues: seeds.map((s) => ({
      key: s.key,
      title: '',
      status: 'todo',
      labels: [],
      keyResults: s.keyResults ?? [],
      rice: s.rice ?? null,
    })),
  }).issues.map((d) => d.issue.key);
}

/** Random issues in the order Keyrank would give them, then 30% dropped at random places. */
function backlog(issues: number): IssueSeed[] {
  const random = seeded(2026);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const unordered: IssueSeed[] = Array.from({ length: issues }, (_, i) => {
    const unlinked = random() < UNLINKED;
    return {
      key: `BIG-${i + 1}`,
      ...(unlinked ? {} : { keyResults: [pick(krs)] }),
      rice: {
        reach: 1 + Math.floor(random() * 100_000),
        impact: pick([0.25, 0.5, 1, 2, 3]),
        confidence: pick([50, 80, 100]),
        effort: 1 + Math.floor(random() * 8),
      },
    };
  });
  const byKey = new Map(unordered.map((s) => [s.key, s]));
  const order = planOrder(unordered).map((key) => byKey.get(key) as IssueSeed);
  const misplaced = Math.round(issues * MISRANKED);
  for (let n = 0; n < misplaced; n++) {
    const [issue] = order.splice(Math.floor(random() * order.length), 1);
    if (issue !== undefined) {
      order.splice(Math.floor(random() * (order.length + 1)), 0, issue);
    }
  }
  return order;
}

interface Outcome {
  wall: number;
  issuesRead: number;
  moves: number | null;
  /** Events delivered and the longest one, for a paged run. */
  events: number | null;
  longest: number | null;
}

/** Runs one reconcile of `seeds` against a fresh local Jira and prints what it cost. */
async function measure(
  title: string,
  seeds: IssueSeed[],
  reconcile: (deps: AppDeps) => Promise<Outcome>,
): Promise<boolean> {
  const jira = await startLocalJira(new JiraState(seeds));
  const runtime = installForgeRuntime(jira.url);
  const deps: AppDeps = {
    app: new JiraClient({ requestJira: asApp().requestJira }),
    store: memoryStore({
      [STORE_KEYS.okrs]: { yaml: okrFile, updatedAt: '2026-10-01T00:00:00Z' },
    }),
    today: () => '2026-11-15',
    now: () => new Date('2026-11-15T12:00:00Z'),
  };
  const result = await reconcile(deps);

  const byEndpoint = new Map<string, number>();
  for (const r of jira.requests) {
    byEndpoint.set(r.endpoint, (byEndpoint.get(r.endpoint) ?? 0) + 1);
  }
  const scoreIds = jira.requests
    .filter((r) => r.endpoint === 'POST /rest/api/3/app/field/value')
    .reduce(
      (n, r) =>
        n +
        (r.body as { updates: { issueIds: number[] }[] }).updates.reduce(
          (m, u) => m + u.issueIds.length,
          0,
        ),
      0,
    );
  const labelled = jira.state.issues.filter((i) => i.labels.includes('icebox')).length;
  const expected = planOrder(seeds);
  const matches = jira.state.order('BIG').every((key, i) => key === expected[i]);
  const moves = result.moves ?? expected.length;

  console.log(`\n  ${title}`);
  console.log(
    `    wall time   ${result.wall.toFixed(0)} ms (local Jira on loopback, spec validation of every request included)`,
  );
  if (result.events !== null && result.longest !== null) {
    console.log(
      `    invocations ${result.events} queue events, longest ${result.longest.toFixed(0)} ms (goal: none over 60,000 ms)`,
    );
  }
  console.log(
    `    result      ${result.issuesRead} issues read · ${scoreIds} scores written · ${labelled} iceboxed${result.moves === null ? '' : ` · ${moves} moves`}`,
  );
  console.log('    requests per endpoint');
  for (const [endpoint, count] of [...byEndpoint].sort((a, b) => b[1] - a[1])) {
    console.log(`      ${String(count).padStart(5)}  ${endpoint}`);
  }
  console.log(`      ${String(jira.requests.length).padStart(5)}  total`);
  console.log(
    `    floor       ${Math.ceil(seeds.length / 100)} reads + ${Math.ceil(scoreIds / 1000)} score + ${Math.ceil(labelled / 1000)} label writes (+1 field lookup); Rank: ${result.moves === null ? '' : `⌈moves / 50⌉ = ${Math.ceil(moves / 50)}, `}windows never cross a fixed issue`,
  );
  console.log(`    spec violations ${jira.violations.length}`);
  console.log(`    final Rank order ${matches ? 'matches' : 'DOES NOT match'} the plan`);

  if (result.events === null) {
    // A second pass over the reconciled backlog: nothing changed, so only reads.
    const before = jira.requests.length;
    const again = await syncBacklog(deps, 'BIG');
    console.log(
      `    second pass ${jira.requests.length - before} requests, ${again.moves} moves (already in order: reads only)`,
    );
  }
  runtime.uninstall();
  await jira.close();
  return jira.violations.length === 0 && matches;
}

const oneShot = async (deps: AppDeps): Promise<Outcome> => {
  const start = performance.now();
  const result = await syncBacklog(deps, 'BIG');
  return {
    wall: performance.now() - start,
    issuesRead: result.issuesRead,
    moves: result.moves,
    events: null,
    longest: null,
  };
};

/** Drains the queue as the Forge consumer would: one event an invocation, timed one by one. */
const paged = async (deps: AppDeps): Promise<Outcome> => {
  const events: ReconcileEvent[] = [];
  const queue = {
    push: (pushed: ReconcileEvent[]) => Promise.resolve(void events.push(...pushed)),
  };
  const start = performance.now();
  await startReconcile(deps, queue, 'bench');
  let longest = 0;
  for (let next = 0; next < events.length; next++) {
    const began = performance.now();
    const outcome = await runReconcileEvent(deps, queue, events[next]);
    longest = Math.max(longest, performance.now() - began);
    if (outcome !== 'done') {
      throw new Error(`event ${next} answered ${outcome}`);
    }
  }
  const wall = performance.now() - start;
  const progress = (await deps.store.get(STORE_KEYS.progress)) as { issuesRead: number };
  return { wall, issuesRead: progress.issuesRead, moves: null, events: events.length, longest };
};

let ok = true;
console.log(
  `keyrank jira reconcile bench: ${ISSUES.toLocaleString('en')} issues, ${MISRANKED * 100}% misranked, ${UNLINKED * 100}% unlinked`,
);
const seeds = backlog(ISSUES);
ok = (await measure('in one call (syncBacklog, before paging)', seeds, oneShot)) && ok;
ok = (await measure('paged: one queue event per 10 pages or 40 Rank calls', seeds, paged)) && ok;
if (LARGE > 0) {
  console.log(`\nkeyrank jira reconcile bench: ${LARGE.toLocaleString('en')} issues, paged`);
  ok =
    (await measure(
      'paged: one queue event per 10 pages or 40 Rank calls',
      backlog(LARGE),
      paged,
    )) && ok;
}
if (!ok) {
  process.exitCode = 1;
}
