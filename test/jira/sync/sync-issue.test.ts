import { afterEach, describe, expect, it } from 'vitest';
import { handleIssueEvent, syncIssue } from '../../../src/jira/sync/sync-issue';
import { GOOD_RICE, startHarness, type Harness } from '../harness';
import { FIELD } from '../local-jira/jira-state';

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

describe('issue created/updated trigger', () => {
  it('scores a newly linked issue and writes the score through the bulk app-field endpoint', async () => {
    h = await startHarness([{ key: 'ENG-1', keyResults: ['O1-KR1'], rice: GOOD_RICE }]);
    const outcome = await handleIssueEvent(h.deps, { issue: { id: '10000', key: 'ENG-1' } });
    expect(outcome).toBe('recomputed ENG-1');
    const issue = h.jira.state.get('ENG-1');
    // RICE 800 × 2 × 80% / 4 = 320; O1-KR1 is behind plan on 2026-11-15, so alignment > 1.
    expect(issue?.score).toBeGreaterThan(320);
    expect(issue?.labels).toEqual([]);
    const write = h.jira.requests.find((r) => r.endpoint === 'POST /rest/api/3/app/field/value');
    expect(write?.provider).toBe('app');
    expect(write?.body).toEqual({
      updates: [{ customField: FIELD.score, issueIds: [10000], value: issue?.score }],
    });
  });

  it('asks Jira only for the fields it needs', async () => {
    h = await startHarness([{ key: 'ENG-1', keyResults: ['O1-KR1'], rice: GOOD_RICE }]);
    await syncIssue(h.deps, 'ENG-1');
    const read = h.jira.requests.find((r) => r.endpoint === 'GET /rest/api/3/issue/{issueIdOrKey}');
    expect(read?.query.get('fields')?.split(',').sort()).toEqual(
      [
        'summary',
        'description',
        'status',
        'issuetype',
        'labels',
        FIELD.keyResults,
        FIELD.rice,
        FIELD.score,
        FIELD.sprint,
        FIELD.estimate,
      ].sort(),
    );
  });

  it('writes nothing when nothing changed, so its own updates never loop', async () => {
    h = await startHarness([{ key: 'ENG-1', keyResults: ['O1-KR1'], rice: GOOD_RICE }]);
    await syncIssue(h.deps, 'ENG-1');
    const before = h.jira.requests.length;
    const again = await syncIssue(h.deps, 'ENG-1');
    expect(again.done && again.writes).toEqual({
      scoreRequests: 0,
      labelRequests: 0,
      rankRequests: 0,
    });
    const after = h.jira.requests.slice(before).map((r) => r.method);
    expect(after.every((m) => m === 'GET')).toBe(true);
  });

  it('adds the icebox label to an unlinked issue and takes it off once linked', async () => {
    h = await startHarness([{ key: 'ENG-2', rice: GOOD_RICE }]);
    await handleIssueEvent(h.deps, { issue: { key: 'ENG-2' } });
    expect(h.jira.state.get('ENG-2')?.labels).toEqual(['icebox']);
    const edit = h.jira.requests.find((r) => r.endpoint === 'PUT /rest/api/3/issue/{issueIdOrKey}');
    expect(edit?.body).toEqual({ update: { labels: [{ add: 'icebox' }] } });

    const issue = h.jira.state.get('ENG-2');
    if (issue) {
      issue.keyResults = ['O2-KR1'];
    }
    await handleIssueEvent(h.deps, { issue: { key: 'ENG-2' } });
    expect(h.jira.state.get('ENG-2')?.labels).toEqual([]);
    expect(h.jira.state.get('ENG-2')?.score).toBeGreaterThan(0);
  });

  it('leaves started work and business-as-usual issues out of the Icebox', async () => {
    h = await startHarness([
      { key: 'ENG-3', status: 'indeterminate' },
      { key: 'ENG-4', type: 'Bug' },
      { key: 'ENG-5', labels: ['tech-debt'] },
    ]);
    for (const key of ['ENG-3', 'ENG-4', 'ENG-5']) {
      await handleIssueEvent(h.deps, { issue: { key } });
    }
    expect(h.jira.state.issues.map((i) => i.labels)).toEqual([[], [], ['tech-debt']]);
    expect(h.jira.count('PUT /rest/api/3/issue/{issueIdOrKey}')).toBe(0);
  });

  it('re-iceboxes an issue when its key result ends with the quarter', async () => {
    h = await startHarness([{ key: 'ENG-6', keyResults: ['O1-KR1'], rice: GOOD_RICE }], {
      today: '2026-12-20',
    });
    await syncIssue(h.deps, 'ENG-6');
    expect(h.jira.state.get('ENG-6')?.labels).toEqual([]);
    expect(h.jira.state.get('ENG-6')?.score).not.toBeNull();

    h.setToday('2027-01-04');
    const result = await syncIssue(h.deps, 'ENG-6');
    expect(result.done && result.decision.iceboxReason).toContain('O1-KR1 ended with 2026-Q4');
    expect(h.jira.state.get('ENG-6')?.labels).toEqual(['icebox']);
    expect(h.jira.state.get('ENG-6')?.score).toBeNull();
  });

  it('does nothing, and says why, when no OKR file is stored', async () => {
    h = await startHarness([{ key: 'ENG-7' }], { okrFile: null });
    expect(await handleIssueEvent(h.deps, { issue: { key: 'ENG-7' } })).toBe(
      'skipped ENG-7: no OKR file is stored yet',
    );
    expect(h.jira.requests).toEqual([]);
  });

  it('survives a corrupt stored OKR file without a write', async () => {
    h = await startHarness([{ key: 'ENG-8' }], { okrFile: 'objectives: [' });
    const outcome = await handleIssueEvent(h.deps, { issue: { key: 'ENG-8' } });
    expect(outcome).toMatch(/^skipped ENG-8: stored OKR file: okrs.yml:\d+: not valid YAML/);
    expect(h.jira.requests).toEqual([]);
  });

  it('retries a 429 after Retry-After and then succeeds', async () => {
    h = await startHarness([{ key: 'ENG-9', keyResults: ['O1-KR1'], rice: GOOD_RICE }]);
    h.jira.throttle('POST /rest/api/3/app/field/value', 2, 3);
    await syncIssue(h.deps, 'ENG-9');
    expect(h.sleeps).toEqual([3000, 3000]);
    expect(
      h.jira.requests
        .filter((r) => r.endpoint === 'POST /rest/api/3/app/field/value')
        .map((r) => r.status),
    ).toEqual([429, 429, 204]);
    expect(h.jira.state.get('ENG-9')?.score).toBeGreaterThan(0);
  });

  it('backs off exponentially when a 429 carries no Retry-After', async () => {
    h = await startHarness([{ key: 'ENG-9', keyResults: ['O1-KR1'], rice: GOOD_RICE }]);
    h.jira.throttle('GET /rest/api/3/field', 3, -1);
    await syncIssue(h.deps, 'ENG-9');
    expect(h.sleeps).toEqual([1000, 2000, 4000]);
    expect(h.jira.state.get('ENG-9')?.score).toBeGreaterThan(0);
  });

  it('reports a failure instead of throwing when Jira keeps answering 429', async () => {
    h = await startHarness([{ key: 'ENG-10', keyResults: ['O1-KR1'], rice: GOOD_RICE }]);
    h.jira.throttle('GET /rest/api/3/issue/{issueIdOrKey}', 10, 1);
    const outcome = await handleIssueEvent(h.deps, { issue: { key: 'ENG-10' } });
    expect(outcome).toBe(
      'could not recompute ENG-10: Jira answered 429 to read ENG-10: Rate limit exceeded',
    );
    expect(h.sleeps).toEqual([1000, 1000, 1000, 1000]);
  });
});
