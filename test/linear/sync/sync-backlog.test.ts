import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { withDb } from '../support/inbox-db';
import { fetchScorePage } from '../support/score-page-url';
import { postWebhook } from '../support/webhooks';

const RICE_LABELS = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];

describe('the periodic sync heals missed deliveries', () => {
  const HOUR = 3_600_000;
  let clock = Date.now();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ syncEveryMs: 6 * HOUR, now: () => clock, signIn: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('syncs at start-up, then catches a delivery Linear never made within KEYRANK_SYNC_HOURS', async () => {
    expect(h.serve.worker.syncsRun).toBe(1);
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 4,
    });
    const iced = h.linear.addIssue(h.ops, { labels: RICE_LABELS, estimate: 1 });
    // Their webhooks are lost. Five hours on, nothing has happened yet.
    clock += 5 * HOUR;
    await h.serve.worker.settle();
    expect(h.serve.worker.syncsRun).toBe(1);
    expect(h.linear.attachmentOf(issue)).toBeUndefined();

    const writes = h.linear.writes;
    clock += 1 * HOUR;
    await h.serve.worker.settle();
    expect(h.serve.worker.syncsRun).toBe(2);
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 400');
    expect(h.linear.labelNames(iced)).toContain('icebox');
    // One batched write per team with something to change, never one per issue.
    expect(h.linear.writes - writes).toBe(2);
    expect((await fetchScorePage(h, issue)).status).toBe(200);

    // A sync with nothing to heal writes nothing.
    const settled = h.linear.writes;
    clock += 6 * HOUR;
    await h.serve.worker.settle();
    expect(h.serve.worker.syncsRun).toBe(3);
    expect(h.linear.writes).toBe(settled);
  });

  it('closes the pending events a sync has overtaken without reading them', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 2,
    });
    // The event is stored while a sync is due: the sync, not the event, settles the issue.
    clock += 6 * HOUR;
    const release = h.linear.stall();
    const answer = await postWebhook(h.baseUrl, h.linear.webhook(issue, 'create'));
    expect(answer.status).toBe(200);
    release();
    await h.serve.worker.settle();
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 800');
    const outcome = withDb(h.dbPath, (db) =>
      db
        .prepare(`SELECT outcome FROM events WHERE issue_id = ? ORDER BY seq DESC`)
        .pluck()
        .get(issue.id),
    );
    expect(outcome).toBe('synced');
  });
});
