import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { withDb } from '../support/inbox-db';
import { postWebhook } from '../support/webhooks';

const RICE_LABELS = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];

describe('events are applied against what Linear holds now', () => {
  let h: Harness;
  beforeAll(async () => {
    // Re-ranking has its own tests; here every request to Linear belongs to the event.
    h = await startHarness({ rankAutomatically: false });
  });
  afterAll(async () => {
    await h.close();
  });
  let requests = 0;
  let writes = 0;
  beforeEach(() => {
    requests = h.linear.requests.length;
    writes = h.linear.writes;
  });

  async function deliver(payload: unknown, delivery?: string) {
    const answer = await postWebhook(h.baseUrl, payload, delivery ? { delivery } : {});
    expect(answer.status).toBe(200);
    await h.serve.worker.settle();
    return answer;
  }

  it('an older delivery arriving after a newer one writes nothing', async () => {
    const issue = h.linear.addIssue(h.eng, { labels: RICE_LABELS, estimate: 4 });
    // The first change: no key result yet. Its delivery is delayed (Linear retries it later).
    const older = h.linear.webhook(issue, 'update', { labelIds: [] });
    // Then someone links the issue to a key result; that delivery arrives first.
    h.linear.edit(issue, (i) => i.labelIds.push(h.linear.label('Key Results/O1-KR1').id));
    await deliver(h.linear.webhook(issue, 'update', { labelIds: [] }));
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 400');
    writes = h.linear.writes;

    // The retry of the older delivery, re-signed by Linear with a fresh timestamp.
    await deliver({ ...older, webhookTimestamp: Date.now() });
    expect(h.linear.writes - writes).toBe(0);
    expect(h.linear.labelNames(issue)).not.toContain('icebox');
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 400');
  });

  it('the replay of an event whose write landed but whose close did not writes nothing', async () => {
    const issue = h.linear.addIssue(h.eng, { labels: RICE_LABELS, estimate: 4 });
    await deliver(h.linear.webhook(issue, 'create'), 'crash-1');
    expect(h.linear.labelNames(issue)).toContain('icebox');
    writes = h.linear.writes;
    const reads = h.linear.reads;
    // As if the process died between Linear's answer and the inbox commit.
    withDb(h.dbPath, (db) =>
      db.prepare(`UPDATE events SET status = 'pending' WHERE delivery = 'crash-1'`).run(),
    );
    await h.serve.worker.settle();
    expect((await h.serve.events.counts()).pending).toBe(0);
    // Its payload is the version Keyrank already applied: no request at all.
    expect(h.linear.reads - reads).toBe(0);
    expect(h.linear.writes - writes).toBe(0);
  });

  it('the same body under new delivery ids costs no request at all', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 2,
    });
    const body = JSON.stringify(h.linear.webhook(issue, 'create'));
    await deliver(body);
    const spent = h.linear.requests.length - requests;
    expect(spent).toBe(2);
    requests = h.linear.requests.length;
    for (let i = 0; i < 25; i++) {
      const answer = await deliver(body);
      expect(JSON.parse(answer.body)).toEqual({ status: 'Duplicate' });
    }
    expect(h.linear.requests.length - requests).toBe(0);
  });
});
