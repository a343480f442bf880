import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinearClient } from '@linear/sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../../src/cli/io';
import { linearCommand } from '../../../src/cli/linear-command';
import { LinearApi } from '../../../src/linear/api/linear-api';
import { silentLogger } from '../../../src/linear/logger';
import { withStoredCheckIns } from '../../../src/linear/read/load-okrs';
import { CheckInStore } from '../../../src/linear/store/check-in-store';
import type { Database } from '../../../src/linear/store/database/database';
import { openDatabase } from '../../../src/linear/store/database/open-database';
import { recordProgress, type ProgressResult } from '../../../src/linear/sync/record-progress';
import { withDatabase } from '../store/databases';
import { startHarness } from '../support/harness';
import { addLivingLabels, LIVING_OKRS, livingOkrs } from '../support/living-okrs';
import { API_KEY, LIMITS, LocalLinear, type Team } from '../support/local-linear';
import { SECRET } from '../support/webhooks';
import { AS_OF, PUBLIC_URL, seedWorkspace } from '../support/workspace';

const recordedValues = (result: ProgressResult) =>
  Object.fromEntries(result.recorded.map(({ krId, checkIn }) => [krId, checkIn.value]));

describe('recordProgress against the local Linear', () => {
  let linear: LocalLinear;
  let eng: Team;
  let ops: Team;
  let db: Database;
  let store: CheckInStore;
  const { okrs: fileOkrs, settings } = livingOkrs();
  const api = (attempts = 4) =>
    new LinearApi({
      client: new LinearClient({ apiKey: API_KEY, apiUrl: linear.url }),
      backoffMs: 5,
      attempts,
      now: () => Date.now(),
    });
  const run = async (options: { attempts?: number; dryRun?: boolean } = {}) =>
    recordProgress(
      {
        api: api(options.attempts),
        okrs: await withStoredCheckIns(fileOkrs, store),
        settings,
        store: options.dryRun === true ? null : store,
        log: silentLogger,
      },
      AS_OF,
    );

  beforeAll(async () => {
    linear = new LocalLinear();
    await linear.start();
  });
  afterAll(async () => {
    await linear.close();
  });
  beforeEach(async () => {
    Object.assign(linear, { teams: [], states: [], labels: [], issues: [], requests: [] });
    ({ eng, ops } = seedWorkspace(linear));
    addLivingLabels(linear);
    const onboarding = (team: Team, stateType: string, estimate: number | null = null) =>
      linear.addIssue(team, { labels: ['onboarding'], stateType, estimate });
    // O2-KR1 (ENG, onboarding, completed): 3. Not counted: another team, another label,
    // another state, a deleted issue.
    onboarding(eng, 'completed');
    onboarding(eng, 'completed');
    linear.addIssue(eng, { labels: ['onboarding', 'ui'], stateType: 'completed' });
    onboarding(ops, 'completed');
    linear.addIssue(eng, { labels: ['ui'], stateType: 'completed' });
    onboarding(eng, 'unstarted');
    onboarding(eng, 'completed').trashed = true;
    // O2-KR2 (ENG, onboarding, started, sum of estimates): 3 + 5 + none = 8.
    onboarding(eng, 'started', 3);
    onboarding(eng, 'started', 5);
    onboarding(eng, 'started');
    // O1-KR2 (linked-done by count, 0 → 100): 3 of 4 linked issues done, across teams; the
    // canceled one is left out, as is an issue linked to another KR.
    const linked = ['Key Results/O1-KR2'];
    linear.addIssue(eng, { labels: linked, stateType: 'completed' });
    linear.addIssue(eng, { labels: linked, stateType: 'completed' });
    linear.addIssue(ops, { labels: linked, stateType: 'completed' });
    linear.addIssue(eng, { labels: linked, stateType: 'started' });
    linear.addIssue(eng, { labels: linked, stateType: 'canceled' });
    linear.addIssue(eng, { labels: ['Key Results/O1-KR1'], stateType: 'backlog' });
    linear.requests = [];
    db = await openDatabase(join(mkdtempSync(join(tmpdir(), 'keyrank-progress-')), 'keyrank.db'));
    store = await CheckInStore.open(db);
  });
  afterEach(async () => {
    await db.close();
  });

  it('reads each automatic KR of a running objective once and stores the values', async () => {
    const result = await run();
    expect(recordedValues(result)).toEqual({ 'O2-KR1': 3, 'O2-KR2': 8, 'O1-KR2': 75 });
    expect(await store.list('O2-KR1')).toEqual([{ date: AS_OF, value: 3, source: 'query' }]);
    expect(await store.list('O1-KR2')).toEqual([{ date: AS_OF, value: 75, source: 'linked-done' }]);
    // One request per query KR (O2-KR3 included, which fails) and one for every linked-done
    // KR together; O0-KR1's quarter is over, so it is not read.
    expect(result.requests).toBe(4);
    expect(linear.reads).toBe(4);
    // Each under Linear's per-query complexity cap, which refuses a whole document over it.
    const costliest = Math.max(...linear.requests.map((r) => r.complexity));
    expect(costliest).toBeLessThanOrEqual(LIMITS.complexityPerQuery);
    expect(await store.list('O0-KR1')).toEqual([]);
  });

  it('weighs linked-done by effort: the estimate, else the RICE line, else 1', async () => {
    const linked = linear.issues.filter((i) => linear.labelNames(i).includes('O1-KR2'));
    const [first, second, third, open] = linked;
    Object.assign(first ?? {}, { estimate: 2 });
    Object.assign(second ?? {}, { description: 'Scope agreed.\nRICE: effort 3' });
    Object.assign(open ?? {}, { estimate: 4 });
    expect(third?.estimate).toBeNull();
    const byEffort = {
      objectives: fileOkrs.objectives.map((o) => ({
        ...o,
        keyResults: o.keyResults.map((kr) =>
          kr.id === 'O1-KR2'
            ? { ...kr, progress: { source: 'linked-done' as const, by: 'effort' as const } }
            : kr,
        ),
      })),
    };
    const result = await recordProgress(
      { api: api(), okrs: byEffort, settings, store, log: silentLogger },
      AS_OF,
    );
    // Done 2 + 3 + 1 of 2 + 3 + 1 + 4: 60% of 0 → 100.
    expect(recordedValues(result)['O1-KR2']).toBe(60);
  });

  it('reports a query naming an unknown team, and reads the others', async () => {
    const result = await run();
    expect(result.failed).toEqual([
      {
        krId: 'O2-KR3',
        error: "O2-KR3's query names team SUP, which Linear does not have",
      },
    ]);
    expect(await store.list('O2-KR3')).toEqual([]);
  });

  it('stores nothing when no value changed, and only the changed one later', async () => {
    await run();
    const again = await run();
    expect(again.recorded).toEqual([]);
    expect(again.unchanged).toEqual(['O2-KR1', 'O2-KR2', 'O1-KR2']);
    expect([...(await store.all()).values()].flat()).toHaveLength(3);

    linear.addIssue(eng, { labels: ['onboarding'], stateType: 'completed' });
    const later = await run();
    expect(recordedValues(later)).toEqual({ 'O2-KR1': 4 });
    expect((await store.list('O2-KR1')).map((c) => c.value)).toEqual([3, 4]);
  });

  it('goes on with the other KRs when Linear fails one request', async () => {
    linear.failNext(1, 503);
    const result = await run({ attempts: 1 });
    expect(result.failed.map((f) => f.krId)).toEqual(['O2-KR1', 'O2-KR3']);
    expect(recordedValues(result)).toEqual({ 'O2-KR2': 8, 'O1-KR2': 75 });
  });

  it('reads page after page only past 250 matching issues', async () => {
    for (let i = 0; i < 260; i++) {
      linear.addIssue(eng, { labels: ['onboarding'], stateType: 'completed' });
    }
    const result = await run();
    expect(recordedValues(result)).toMatchObject({ 'O2-KR1': 263 });
    expect(result.requests).toBe(5);
  });

  it('stores nothing on a dry run, and says what it would record', async () => {
    const result = await run({ dryRun: true });
    expect(recordedValues(result)).toEqual({ 'O2-KR1': 3, 'O2-KR2': 8, 'O1-KR2': 75 });
    expect((await store.all()).size).toBe(0);
  });

  it('costs no request when no KR has an automatic source', async () => {
    const result = await recordProgress(
      {
        api: api(),
        okrs: { objectives: fileOkrs.objectives.filter((o) => o.id === 'O0') },
        settings,
        store,
        log: silentLogger,
      },
      AS_OF,
    );
    expect(result).toEqual({ recorded: [], unchanged: [], failed: [], requests: 0 });
    expect(linear.requests).toEqual([]);
  });
});

describe('keyrank linear sync', () => {
  it('records the automatic values in KEYRANK_DB first, and says so; --dry-run only says', async () => {
    const linear = new LocalLinear();
    await linear.start();
    try {
      const { eng } = seedWorkspace(linear);
      addLivingLabels(linear);
      linear.addIssue(eng, { labels: ['onboarding'], stateType: 'completed' });
      const dbPath = join(mkdtempSync(join(tmpdir(), 'keyrank-sync-')), 'keyrank.db');
      const cli = () => {
        const out = { stdout: '', stderr: '' };
        const io: Io = {
          stdout: (text) => (out.stdout += text),
          stderr: (text) => (out.stderr += text),
          readFile: (path) => (path === 'living.yml' ? LIVING_OKRS : ''),
          today: () => AS_OF,
          env: {
            LINEAR_API_KEY: API_KEY,
            LINEAR_API_URL: linear.url,
            LINEAR_WEBHOOK_SECRET: SECRET,
            KEYRANK_PUBLIC_URL: PUBLIC_URL,
            KEYRANK_OKRS: 'living.yml',
            KEYRANK_DB: dbPath,
          },
        };
        return { io, out };
      };
      const stored = () => withDatabase(dbPath, async (db) => (await CheckInStore.open(db)).all());

      const first = cli();
      expect(await linearCommand(['sync', '--team', 'ENG'], first.io)).toBe(0);
      expect(first.out.stdout).toContain('recorded O2-KR1 = 1 (query, 2026-11-15)');
      expect(first.out.stderr).toContain(
        "warning: O2-KR3's query names team SUP, which Linear does not have",
      );
      expect((await stored()).get('O2-KR1')?.map((c) => c.value)).toEqual([1]);

      linear.addIssue(eng, { labels: ['onboarding'], stateType: 'completed' });
      const dry = cli();
      expect(await linearCommand(['sync', '--team', 'ENG', '--dry-run'], dry.io)).toBe(0);
      expect(dry.out.stdout).toContain('would record O2-KR1 = 2 (query, 2026-11-15)');
      expect((await stored()).get('O2-KR1')?.map((c) => c.value)).toEqual([1]);
    } finally {
      await linear.close();
    }
  });
});

describe('the periodic sync of keyrank serve', () => {
  it('records automatic values before scoring every team, a bad query notwithstanding', async () => {
    const h = await startHarness({
      okrs: livingOkrs(),
      syncEveryMs: 3_600_000,
      before: (linear, { eng }) => {
        addLivingLabels(linear);
        linear.addIssue(eng, { labels: ['onboarding'], stateType: 'completed' });
        linear.addIssue(eng, { labels: ['Key Results/O1-KR2'], stateType: 'completed' });
        linear.addIssue(eng, { labels: ['Key Results/O1-KR2'], stateType: 'backlog' });
      },
    });
    try {
      expect(await h.serve.checkIns.list('O2-KR1')).toEqual([
        { date: AS_OF, value: 1, source: 'query' },
      ]);
      expect((await h.serve.checkIns.list('O1-KR2')).map((c) => c.value)).toEqual([50]);
      expect(h.logs).toContainEqual(
        expect.objectContaining({
          level: 'error',
          fields: expect.objectContaining({ krId: 'O2-KR3' }) as unknown,
        }),
      );
      expect(h.logs.filter((entry) => entry.message === 'team synced')).toHaveLength(2);
    } finally {
      await h.close();
    }
  });
});
