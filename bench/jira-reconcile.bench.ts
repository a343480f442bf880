/**
 * `npm run bench jira`: reconciles a synthetic 10,000-issue project against the local Jira
 * (the same spec-validating server the tests use, on loopback, through the real @forge/api)
 * and prints requests per endpoint and wall time. The floor it is compared with: one read per
 * 100-issue page, then ⌈changed / batch size⌉ writes per kind (1,000 for field values and
 * bulk labels, 50 for Rank).
 */
import { performance } from 'node:perf_hooks';
import { asApp } from '@forge/api';
import { parseOkrFile, plan } from '../src/core/index';
import { JiraClient } from '../src/jira/api/jira-client';
import { syncBacklog } from '../src/jira/sync/sync-backlog';
import { memoryStore } from '../src/jira/store/key-value-store';
import { STORE_KEYS } from '../src/jira/store/workspace-store';
import { installForgeRuntime } from '../test/jira/local-jira/forge-runtime';
import { JiraState, type IssueSeed } from '../test/jira/local-jira/jira-state';
import { startLocalJira } from '../test/jira/local-jira/server';
import { seeded } from './synthetic-backlog';

const ISSUES = 10_000;
const MISRANKED = 0.3;
const UNLINKED = 0.2;
const krs = ['O1-KR1', 'O1-KR2', 'O2-KR1', 'O2-KR2', 'O3-KR1'];
const okrFile = `period: 2026-Q4
objectives:
  - { id: O1, title: Delight agencies, keyResults: [{ id: O1-KR1, title: NPS, baseline: 40, target: 55, current: 50 }, { id: O1-KR2, title: Churn, baseline: 10, target: 8, current: 9 }] }
  - { id: O2, title: Templates first, weight: 2, keyResults: [{ id: O2-KR1, title: Usage, baseline: 0, target: 30, current: 10 }, { id: O2-KR2, title: Shares, baseline: 0, target: 100, current: 80 }] }
  - { id: O3, title: Faster onboarding, keyResults: [{ id: O3-KR1, title: Time to value, baseline: 14, target: 3, current: 9 }] }
`;

const random = seeded(2026);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

// Random issues, put in the order Keyrank would give them: a ranked backlog...
const unordered: IssueSeed[] = Array.from({ length: ISSUES }, (_, i) => {
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
const ranked = planOrder(unordered);
const byKey = new Map(unordered.map((s) => [s.key, s]));
const seeds = ranked.map((key) => byKey.get(key) as IssueSeed);
// ...then 30% of the issues taken out and dropped at random places: the misranked ones.
const order = [...seeds];
const misplaced = Math.round(ISSUES * MISRANKED);
for (let n = 0; n < misplaced; n++) {
  const [issue] = order.splice(Math.floor(random() * order.length), 1);
  if (issue !== undefined) {
    order.splice(Math.floor(random() * (order.length + 1)), 0, issue);
  }
}

const jira = await startLocalJira(new JiraState(order));
const runtime = installForgeRuntime(jira.url);
const store = memoryStore({
  [STORE_KEYS.okrs]: { yaml: okrFile, updatedAt: '2026-10-01T00:00:00Z' },
});
const deps = {
  app: new JiraClient({ requestJira: asApp().requestJira }),
  store,
  today: () => '2026-11-15',
  now: () => new Date('2026-11-15T12:00:00Z'),
};

const start = performance.now();
const result = await syncBacklog(deps, 'BIG');
const wall = performance.now() - start;

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
const floor = {
  reads: Math.ceil(ISSUES / 100),
  scores: Math.ceil(scoreIds / 1000),
  labels: Math.ceil(labelled / 1000),
  rank: Math.ceil(result.moves / 50),
};

console.log(
  `keyrank jira reconcile bench: ${ISSUES.toLocaleString('en')} issues, ${MISRANKED * 100}% misranked, ${UNLINKED * 100}% unlinked`,
);
console.log(
  `  wall time   ${wall.toFixed(0)} ms (local Jira on loopback, spec validation of every request included)`,
);
console.log(
  `  result      ${result.issuesRead} issues read · ${scoreIds} scores written · ${labelled} iceboxed · ${result.moves} moves`,
);
console.log('  requests per endpoint');
for (const [endpoint, count] of [...byEndpoint].sort((a, b) => b[1] - a[1])) {
  console.log(`    ${String(count).padStart(5)}  ${endpoint}`);
}
console.log(`    ${String(jira.requests.length).padStart(5)}  total`);
console.log(
  `  floor       ${floor.reads} reads + ${floor.scores} score + ${floor.labels} label + ${floor.rank} rank writes (+1 field lookup)`,
);
console.log(`  spec violations ${jira.violations.length}`);
const expected = planOrder(order);
const matches = jira.state.order('BIG').every((key, i) => key === expected[i]);
console.log(`  final Rank order ${matches ? 'matches' : 'DOES NOT match'} the plan`);

// A second pass over the reconciled backlog: nothing changed, so only reads.
const before = jira.requests.length;
const again = await syncBacklog(deps, 'BIG');
console.log(
  `  second pass ${jira.requests.length - before} requests, ${again.moves} moves (already in order: reads only)`,
);

runtime.uninstall();
await jira.close();
if (jira.violations.length > 0 || !matches) {
  process.exitCode = 1;
}
