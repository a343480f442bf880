import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import type { Issue } from '../support/local-linear';
import { postWebhook } from '../support/webhooks';

/** Issue events end to end: signed webhook → inbox → worker → the REAL LinearClient → local Linear. */
describe('processing Issue events', () => {
  let h: Harness;
  beforeAll(async () => {
    // Re-ranking has its own tests; here every request to Linear belongs to the event.
    h = await startHarness({ rankAutomatically: false });
  });
  afterAll(async () => {
    await h.close();
  });

  let reads = 0;
  let writes = 0;
  beforeEach(() => {
    reads = h.linear.reads;
    writes = h.linear.writes;
  });
  const spent = () => ({ reads: h.linear.reads - reads, writes: h.linear.writes - writes });

  async function deliver(
    issue: Issue,
    action: 'create' | 'update' = 'update',
    updatedFrom?: Record<string, unknown>,
  ) {
    const answer = await postWebhook(h.baseUrl, h.linear.webhook(issue, action, updatedFrom));
    expect(answer.status).toBe(200);
    await h.serve.worker.settle();
  }
  // As in Linear, a person's change moves the issue's updatedAt: an unmoved one is a replay.
  const setLabels = (issue: Issue, paths: string[]) => {
    h.linear.edit(issue, (i) => {
      i.labelIds = paths.map((p) => h.linear.label(p).id);
    });
  };
  const RICE_LABELS = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];

  it('adding a Key Results label takes the icebox label off and attaches the score, in one write and no read', async () => {
    const issue = h.linear.addIssue(h.eng, { labels: ['icebox', ...RICE_LABELS], estimate: 4 });
    await deliver(issue, 'create');
    expect(h.linear.labelNames(issue)).toContain('icebox');
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank: Icebox');

    reads = h.linear.reads;
    writes = h.linear.writes;
    const before = [...issue.labelIds];
    setLabels(issue, ['icebox', ...RICE_LABELS, 'Key Results/O1-KR1']);
    await deliver(issue, 'update', { labelIds: before });

    expect(h.linear.labelNames(issue)).not.toContain('icebox');
    const attachment = h.linear.attachmentOf(issue);
    expect(attachment?.title).toBe('Keyrank score 400');
    expect(attachment?.subtitle).toBe(
      'RICE 1000 × 2 × 80% / 4 = 400 · O1-KR1 ×1.00 = 1.00 · score 400',
    );
    expect(attachment?.metadata).toMatchObject({
      score: 400,
      keyResults: ['O1-KR1'],
      icebox: false,
    });
    // Keyrank knows what it wrote on the issue: the payload is all the event needs.
    expect(spent()).toEqual({ reads: 0, writes: 1 });
    // Both changes travel in the one write: several mutations in one GraphQL document.
    expect(h.linear.writeRequests().at(-1)?.fields.sort()).toEqual([
      'attachmentCreate',
      'issueRemoveLabel',
    ]);
  });

  it('removing the last Key Results label puts the issue in the Icebox', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O2-KR1', ...RICE_LABELS],
      estimate: 2,
    });
    await deliver(issue, 'create');
    expect(h.linear.labelNames(issue)).not.toContain('icebox');
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 1600');

    setLabels(issue, RICE_LABELS);
    await deliver(issue, 'update', { labelIds: [] });
    expect(h.linear.labelNames(issue)).toContain('icebox');
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank: Icebox');
    expect(h.linear.attachmentOf(issue)?.subtitle).toMatch(/^Icebox: serves no key result/);
  });

  it("ends at the echo of its own write: Linear's webhook for Keyrank's change costs no request", async () => {
    const issue = h.linear.addIssue(h.eng, { labels: RICE_LABELS, estimate: 1 });
    await deliver(issue, 'create');
    expect(h.linear.changed).toContain(issue.id);
    expect(h.linear.labelNames(issue)).toContain('icebox');

    reads = h.linear.reads;
    writes = h.linear.writes;
    await deliver(issue, 'update', { labelIds: [] });
    expect(spent()).toEqual({ reads: 0, writes: 0 });
  });

  it('takes effort from the estimate and RICE values from labels', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 8,
    });
    await deliver(issue, 'create');
    expect(h.linear.attachmentOf(issue)?.subtitle).toContain('RICE 1000 × 2 × 80% / 8 = 200');
  });

  it('lets the description line override the labels with exact numbers', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 8,
      description: 'Why we do this.\n\nRICE: reach 1,200, impact 3, confidence 50%, effort 2\n',
    });
    await deliver(issue, 'create');
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 900');
    expect(h.linear.attachmentOf(issue)?.subtitle).toContain('RICE 1200 × 3 × 50% / 2 = 900');
  });

  it('explains a bad description line in the attachment instead of scoring', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1'],
      estimate: 2,
      description: 'RICE: reach lots, impact 2, confidence 0.8, speed 3',
    });
    await deliver(issue, 'create');
    const attachment = h.linear.attachmentOf(issue);
    expect(attachment?.title).toBe('Keyrank: no score yet');
    expect(attachment?.subtitle).toContain('reach "lots" is not accepted');
    expect(attachment?.subtitle).toContain('did you mean 80?');
    expect(attachment?.subtitle).toContain('"speed 3" is not understood');
    expect(h.linear.labelNames(issue)).not.toContain('icebox');
  });

  it('never touches a started issue', async () => {
    const issue = h.linear.addIssue(h.eng, { stateType: 'started', labels: RICE_LABELS });
    await deliver(issue, 'create');
    expect(spent().writes).toBe(0);
    expect(h.linear.labelNames(issue)).not.toContain('icebox');
  });

  it('keeps business-as-usual work out of the Icebox', async () => {
    const issue = h.linear.addIssue(h.eng, { labels: ['bau'] });
    await deliver(issue, 'create');
    expect(h.linear.labelNames(issue)).not.toContain('icebox');
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank: business as usual');
  });

  it('waits for the reset a RATELIMITED answer carries, then succeeds', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 4,
    });
    h.linear.ratelimitNext(1, 400);
    const start = Date.now();
    await deliver(issue, 'create');
    expect(Date.now() - start).toBeGreaterThanOrEqual(350);
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 400');
    expect(h.serve.api.counts.ratelimited).toBeGreaterThanOrEqual(1);
    expect(h.logs.some((l) => l.message.includes('rate limit'))).toBe(true);
  });

  it('retries 5xx answers with backoff', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 4,
    });
    h.linear.failNext(2, 503);
    await deliver(issue, 'create');
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 400');
  });

  it('keeps an event through a Linear outage longer than its retries, and applies it later', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 4,
    });
    h.linear.failNext(6, 502);
    expect((await postWebhook(h.baseUrl, h.linear.webhook(issue, 'create'))).status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (h.linear.attachmentOf(issue) === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 400');
    expect(
      h.logs.some(
        (l) => l.message === 'event will be retried' && l.fields.issue === issue.identifier,
      ),
    ).toBe(true);
  });

  it('logs and closes an event for a deleted issue, and the inbox moves on', async () => {
    const gone = h.linear.addIssue(h.eng, { labels: RICE_LABELS });
    const payload = h.linear.webhook(gone, 'update');
    h.linear.issues = h.linear.issues.filter((i) => i !== gone);
    const next = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 4,
    });
    expect((await postWebhook(h.baseUrl, payload)).status).toBe(200);
    await deliver(next, 'create');
    expect((await h.serve.events.counts()).pending).toBe(0);
    const logged = h.logs.find((l) => l.level === 'error' && l.fields.issue === gone.identifier);
    expect(logged?.fields.error).toMatch(/Entity not found/);
    expect(h.linear.attachmentOf(next)?.title).toBe('Keyrank score 400');
  });

  it('closes an event whose label Linear no longer has, then reads the labels afresh', async () => {
    const icebox = h.linear.label('icebox');
    h.linear.labels = h.linear.labels.filter((l) => l !== icebox);
    const first = h.linear.addIssue(h.eng, { labels: RICE_LABELS });
    await deliver(first, 'create');
    const refused = h.logs.find((l) => l.level === 'error' && l.fields.issue === first.identifier);
    expect(refused?.fields.error).toMatch(/IssueLabel/);
    expect((await h.serve.events.counts()).pending).toBe(0);

    const second = h.linear.addIssue(h.eng, { labels: RICE_LABELS });
    reads = h.linear.reads;
    await deliver(second, 'create');
    expect(
      h.logs.some(
        (l) =>
          l.message.includes('run "keyrank linear setup"') && l.fields.issue === second.identifier,
      ),
    ).toBe(true);
    expect(h.linear.attachmentOf(second)?.title).toBe('Keyrank: Icebox');
    expect(spent().reads).toBe(1);
    h.linear.labels.push(icebox);
  });

  it('never writes the API key or the webhook secret to the log', () => {
    const text = JSON.stringify(h.logs);
    expect(text).not.toContain('lin_api_test_key');
    expect(text).not.toContain('lin_wh_test_secret');
  });
});
