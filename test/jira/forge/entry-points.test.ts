import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PushSecret, ReconcileProgress } from '../../../src/contract/admin';
import type { KrLiveView } from '../../../src/contract/key-results';
import type { PanelData } from '../../../src/contract/panel';
import type { ResolverResult } from '../../../src/contract/result';
import {
  adminResolver,
  onDailyReconcile,
  onIssueChanged,
  onPushCheckIn,
  onReconcileBatch,
  panelResolver,
} from '../../../src/index';
import { installForgeRuntime, type ForgeRuntimeHandle } from '../local-jira/forge-runtime';
import { JiraState, type IssueSeed } from '../local-jira/jira-state';
import { startLocalJira, type LocalJira } from '../local-jira/server';

/**
 * The manifest's handlers exactly as Forge calls them, with nothing injected: the real
 * @forge/api, @forge/kvs and @forge/events all go through the runtime seam to the local Jira,
 * an in-memory KVS and a recorded queue. The entry points read the real clock, so the OKR
 * period here is built around today.
 */
const day = (offset: number): string =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const okrFile = `objectives:
  - id: O1
    title: Now
    period: { start: ${day(-30)}, end: ${day(60)} }
    keyResults:
      - { id: O1-KR1, title: Grow, baseline: 0, target: 10 }
`;

let jira: LocalJira | undefined;
let runtime: ForgeRuntimeHandle | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  expect(jira?.violations ?? []).toEqual([]);
  runtime?.uninstall();
  await jira?.close();
  jira = undefined;
});

async function start(
  seeds: IssueSeed[],
): Promise<{ jira: LocalJira; runtime: ForgeRuntimeHandle }> {
  jira = await startLocalJira(new JiraState(seeds));
  runtime = installForgeRuntime(jira.url);
  runtime.kvs.set('okrs', { yaml: okrFile, updatedAt: new Date().toISOString() });
  return { jira, runtime };
}

const rice = { reach: 100, impact: 1, confidence: 100, effort: 1 };

describe('Forge entry points (src/index.ts) through the runtime seam', () => {
  it('onIssueChanged reads OKRs from @forge/kvs and scores the issue', async () => {
    const { jira } = await start([
      { key: 'ENG-1', keyResults: ['O1-KR1'], rice },
      { key: 'ENG-2' },
    ]);
    await onIssueChanged({ issue: { id: '10000', key: 'ENG-1' } });
    await onIssueChanged({ issue: { id: '10001', key: 'ENG-2' } });
    expect(jira.state.get('ENG-1')?.score).toBeGreaterThanOrEqual(100);
    expect(jira.state.get('ENG-2')?.labels).toEqual(['icebox']);
  });

  it('panelResolver answers as Forge invokes it', async () => {
    await start([{ key: 'ENG-1' }]);
    const answer = (await panelResolver(
      {
        call: { functionKey: 'panel/get', payload: {} },
        context: { extension: { issue: { key: 'ENG-1' } } },
      },
      { principal: { accountId: 'user-alice' } },
    )) as ResolverResult<PanelData>;
    expect(answer.ok && answer.data.choices.map((c) => c.id)).toEqual(['O1-KR1']);
  });

  it('the daily trigger queues one event per project through @forge/events; the consumer drains them', async () => {
    const { jira, runtime } = await start([
      { key: 'ENG-1', keyResults: ['O1-KR1'], rice },
      { key: 'ENG-2', keyResults: ['O1-KR1'], rice: { ...rice, reach: 900 } },
      { key: 'OPS-1' },
    ]);
    // Forge records a scheduled trigger that answers anything but { statusCode } as a 424.
    expect(await onDailyReconcile()).toEqual({ statusCode: 204 });
    expect(runtime.pushes.map((p) => p.queueName)).toEqual(['reconcile']);
    const firsts = runtime.pushes.flatMap((p) => p.bodies);
    expect(firsts.map((b) => (b as { projectKey: string }).projectKey)).toEqual(['ENG', 'OPS']);
    // Each step pushes the next one through @forge/events: drain until nothing new comes.
    for (let delivered = 0; ; delivered++) {
      const body = runtime.pushes.flatMap((p) => p.bodies)[delivered];
      if (body === undefined) {
        break;
      }
      expect(await onReconcileBatch({ body })).toBeUndefined();
    }
    // Each project: its read step (both fit one page), then its Rank step.
    const steps = runtime.pushes
      .flatMap((p) => p.bodies)
      .map((b) => {
        const e = b as { projectKey: string; step?: number };
        return `${e.projectKey}:${e.step ?? 0}`;
      });
    expect(steps).toEqual(['ENG:0', 'OPS:0', 'ENG:1', 'OPS:1']);
    const progress = runtime.kvs.get('reconcile-progress') as ReconcileProgress;
    expect(progress).toMatchObject({
      projectsTotal: 2,
      projectsDone: 2,
      issuesRead: 3,
      failures: [],
    });
    expect(jira.state.order()).toEqual(['ENG-2', 'ENG-1', 'OPS-1']);
    expect(jira.state.get('OPS-1')?.labels).toEqual(['icebox']);
  });

  it('a failing step answers InvocationError so Forge retries it; the retry resumes and finishes', async () => {
    const { jira, runtime } = await start([
      { key: 'ENG-1', keyResults: ['O1-KR1'], rice },
      { key: 'ENG-2', keyResults: ['O1-KR1'], rice: { ...rice, reach: 900 } },
    ]);
    expect(await onDailyReconcile()).toEqual({ statusCode: 204 });
    const [body] = runtime.pushes.flatMap((p) => p.bodies);
    jira.throttle('POST /rest/api/3/search/jql', 5, 0);
    const answer = await onReconcileBatch({ body });
    expect(answer).toMatchObject({
      _retry: true,
      retryOptions: { retryReason: 'FUNCTION_RETRY_REQUEST', retryAfter: 30 },
    });
    expect(await onReconcileBatch({ body, retryContext: { retryCount: 1 } })).toBeUndefined();
    const next = runtime.pushes.flatMap((p) => p.bodies).slice(1);
    for (const step of next) {
      await onReconcileBatch({ body: step });
    }
    expect(jira.state.order()).toEqual(['ENG-2', 'ENG-1']);
    expect(runtime.kvs.get('reconcile-progress')).toMatchObject({
      projectsDone: 1,
      issuesRead: 2,
      failures: [],
    });
  }, 60_000);

  it('the daily trigger answers 500 when it could not start, so Forge logs a failure', async () => {
    const { jira } = await start([{ key: 'ENG-1' }]);
    jira.throttle('GET /rest/api/3/project/search', 10, 0);
    expect(await onDailyReconcile()).toEqual({ statusCode: 500 });
  });

  it('a push secret made on the admin page opens the push webtrigger, through @forge/kvs', async () => {
    const { jira, runtime } = await start([]);
    jira.state.admins.add('user-admin');
    runtime.actAs('user-admin');
    runtime.kvs.set('okrs', {
      yaml: `${okrFile}      - { id: O1-KR2, title: NPS, baseline: 40, target: 55, progress: { source: push } }\n`,
      updatedAt: new Date().toISOString(),
    });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const made = (await adminResolver(
      {
        call: { functionKey: 'admin/rotate-push-secret', payload: { krId: 'O1-KR2' } },
        context: {},
      },
      { principal: { accountId: 'user-admin' } },
    )) as ResolverResult<PushSecret>;
    if (!made.ok) {
      throw new Error(made.error.message);
    }
    // The local runtime serves no webtrigger URLs: the page gets null, not a failure.
    expect(made.data.url).toBeNull();
    expect(JSON.stringify([...runtime.kvs])).not.toContain(made.data.secret);
    const response = await onPushCheckIn({
      method: 'POST',
      headers: { Authorization: [`Bearer ${made.data.secret}`] },
      body: JSON.stringify({ krId: 'O1-KR2', value: 47 }),
    });
    expect(response.statusCode).toBe(200);
    expect((JSON.parse(response.body) as KrLiveView).current).toBe(47);
    expect(runtime.kvs.get('check-ins:O1-KR2')).toEqual([
      { date: day(0), value: 47, source: 'push' },
    ]);
  });

  it('a malformed queue event is ignored, not thrown (Forge would retry it)', async () => {
    const { jira } = await start([{ key: 'ENG-1' }]);
    await expect(onReconcileBatch({ body: { nonsense: true } })).resolves.toBeUndefined();
    expect(jira.requests).toEqual([]);
  });
});
