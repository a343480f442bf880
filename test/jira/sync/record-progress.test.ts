import { afterEach, describe, expect, it } from 'vitest';
import { loadKrCheckIns } from '../../../src/jira/store/check-in-store';
import { loadWorkspace } from '../../../src/jira/store/workspace-store';
import { recordProgress, type ProgressResult } from '../../../src/jira/sync/record-progress';
import { startHarness, type Harness } from '../harness';
import { FIELD, type IssueSeed } from '../local-jira/jira-state';
import { AUTOMATIC_ISSUES, AUTOMATIC_OKRS } from './automatic-okrs';

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

const COUNT = 'POST /rest/api/3/search/approximate-count';
const SEARCH = 'POST /rest/api/3/search/jql';
const FIELDS = 'GET /rest/api/3/field';

async function record(harness: Harness): Promise<ProgressResult> {
  const { okrs } = await loadWorkspace(harness.store);
  return recordProgress(harness.deps, okrs!);
}

async function stored(harness: Harness, krId: string): Promise<unknown[]> {
  return (await loadKrCheckIns(harness.store, krId)).checkIns;
}

describe('automatic key-result values read from Jira', () => {
  it('records each automatic KR once, reports a refused JQL with Jira’s message and reads the others', async () => {
    h = await startHarness(AUTOMATIC_ISSUES, { okrFile: AUTOMATIC_OKRS });
    const result = await record(h);

    expect(result.recorded).toEqual([
      { krId: 'O1-KR1', checkIn: { date: '2026-11-15', value: 2, source: 'query' } },
      { krId: 'O1-KR3', checkIn: { date: '2026-11-15', value: 10, source: 'query' } },
      { krId: 'O2-KR1', checkIn: { date: '2026-11-15', value: 20, source: 'linked-done' } },
      { krId: 'O2-KR2', checkIn: { date: '2026-11-15', value: 75, source: 'linked-done' } },
    ]);
    // Nothing links O2-KR3: no work is no evidence, so it keeps its value.
    expect(result.unchanged).toEqual(['O2-KR3']);
    expect(result.failed).toEqual([
      {
        krId: 'O1-KR2',
        error:
          "Jira answered 400 to count issues: Field 'colour' does not exist or you cannot view it.",
      },
    ]);
    expect(await stored(h, 'O1-KR1')).toEqual([{ date: '2026-11-15', value: 2, source: 'query' }]);
    expect(await stored(h, 'O2-KR2')).toEqual([
      { date: '2026-11-15', value: 75, source: 'linked-done' },
    ]);
    expect(await stored(h, 'O1-KR2')).toEqual([]);
    expect(await stored(h, 'O0-KR1')).toEqual([]);

    // Cost: one count per count KR (the refused one too), one search page per sum or
    // linked-done KR, and the field list once. The ended O0-KR1 and manual O2-KR4: nothing.
    expect(result.requests).toBe(6);
    expect(h.jira.requests.map((r) => [r.endpoint, r.provider])).toEqual([
      [COUNT, 'app'],
      [COUNT, 'app'],
      [SEARCH, 'app'],
      [FIELDS, 'app'],
      [SEARCH, 'app'],
      [SEARCH, 'app'],
      [SEARCH, 'app'],
    ]);
    // A sum asks for its one field; linked-done by count only for status and the KR field.
    const searches = h.jira.requests.filter((r) => r.endpoint === SEARCH).map((r) => r.body);
    expect(searches).toEqual([
      {
        jql: 'project = ENG AND labels = onboarding',
        fields: [FIELD.estimate],
        maxResults: 100,
      },
      { jql: `cf[10101] = "O2-KR1"`, fields: ['status', FIELD.keyResults], maxResults: 100 },
      {
        jql: `cf[10101] = "O2-KR2"`,
        fields: ['status', FIELD.keyResults, FIELD.rice, FIELD.estimate],
        maxResults: 100,
      },
      { jql: `cf[10101] = "O2-KR3"`, fields: ['status', FIELD.keyResults], maxResults: 100 },
    ]);
  });

  it('stores nothing when a value has not changed, and a new check-in when it has', async () => {
    h = await startHarness(AUTOMATIC_ISSUES, { okrFile: AUTOMATIC_OKRS });
    await record(h);
    h.setToday('2026-11-16');
    const again = await record(h);
    expect(again.recorded).toEqual([]);
    expect(again.unchanged).toEqual(['O1-KR1', 'O1-KR3', 'O2-KR1', 'O2-KR2', 'O2-KR3']);
    expect(await stored(h, 'O1-KR1')).toHaveLength(1);

    // ENG-3 and ENG-5 are done the next day: the count and the linked share move, the sum does not.
    h.jira.state.get('ENG-3')!.status = 'done';
    h.jira.state.get('ENG-5')!.status = 'done';
    h.setToday('2026-11-17');
    const moved = await record(h);
    expect(moved.recorded.map((r) => [r.krId, r.checkIn.value])).toEqual([
      ['O1-KR1', 3],
      ['O2-KR1', 30],
    ]);
    expect(await stored(h, 'O1-KR1')).toEqual([
      { date: '2026-11-15', value: 2, source: 'query' },
      { date: '2026-11-17', value: 3, source: 'query' },
    ]);
  });

  it.each([
    {
      name: 'the value the OKR file already says (its current:) is no change',
      kr: 'progress: { source: query, jql: "project = ENG AND labels = onboarding", measure: count }, current: 3',
      outcome: { recorded: 0, failed: null },
    },
    {
      name: 'an unbounded JQL is refused by Jira and reported',
      kr: 'progress: { source: query, jql: "ORDER BY created", measure: count }',
      outcome: {
        recorded: 0,
        failed:
          'Jira answered 400 to count issues: Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      },
    },
    {
      name: 'a project the site does not have is refused by Jira and reported',
      kr: 'progress: { source: query, jql: "project = NOPE", measure: count }',
      outcome: {
        recorded: 0,
        failed:
          "Jira answered 400 to count issues: The value 'NOPE' does not exist for the field 'project'.",
      },
    },
    {
      name: 'a sum of a field Jira does not know says which field',
      kr: 'progress: { source: query, jql: "project = ENG", measure: "sum:customfield_99999" }',
      outcome: {
        recorded: 0,
        failed:
          "Jira knows no field customfield_99999 (or the app cannot see it) — use a number field's id, such as customfield_10016, or sum:estimate",
      },
    },
    {
      name: 'sum:estimate is the site’s story point field',
      kr: 'progress: { source: query, jql: "project = ENG AND labels = onboarding", measure: "sum:estimate" }',
      outcome: { recorded: 1, failed: null },
    },
    {
      name: 'a query written for Linear only says what Jira needs',
      kr: 'progress: { source: query, linear: { team: ENG }, measure: count }',
      outcome: {
        recorded: 0,
        failed: `O9-KR1's query has only linear, which Linear reads: add jql: "…" for Jira`,
      },
    },
  ])('$name', async ({ kr, outcome }) => {
    h = await startHarness(AUTOMATIC_ISSUES, {
      okrFile: `period: 2026-Q4
objectives:
  - id: O9
    title: One key result
    keyResults:
      - { id: O9-KR1, title: One, baseline: 0, target: 10, ${kr} }
`,
    });
    const result = await record(h);
    expect(result.recorded).toHaveLength(outcome.recorded);
    expect(result.failed).toEqual(
      outcome.failed === null ? [] : [{ krId: 'O9-KR1', error: outcome.failed }],
    );
  });

  it('refuses a sum past its cap instead of recording part of it, and says so', async () => {
    const many: IssueSeed[] = Array.from({ length: 150 }, (_, i) => ({
      key: `ENG-${i + 1}`,
      labels: ['bulk'],
      estimate: 1,
    }));
    h = await startHarness(many, {
      okrFile: `period: 2026-Q4
objectives:
  - id: O9
    title: Big
    keyResults:
      - { id: O9-KR1, title: Points, baseline: 0, target: 500, progress: { source: query, jql: "project = ENG AND labels = bulk", measure: "sum:${FIELD.estimate}" } }
`,
    });
    const { okrs } = await loadWorkspace(h.store);
    const capped = await recordProgress(h.deps, okrs!, { limit: 100 });
    expect(capped.recorded).toEqual([]);
    expect(capped.failed).toEqual([
      {
        krId: 'O9-KR1',
        error: "O9-KR1's query finds more than 100 issues, the most a sum reads — narrow the JQL",
      },
    ]);
    expect(capped.requests).toBe(1);
    // Under the default cap the same query is read in two pages.
    const full = await recordProgress(h.deps, okrs!);
    expect(full.recorded.map((r) => r.checkIn.value)).toEqual([150]);
    expect(full.requests).toBe(2);
  });
});
