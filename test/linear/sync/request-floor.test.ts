import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { withDb } from '../support/inbox-db';
import { LIMITS, type Issue } from '../support/local-linear';
import { postWebhook } from '../support/webhooks';

const RICE = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];
const HOUR = 3_600_000;

/**
 * PRODUCT.md §10: Linear at the request floor. Once a sync has read the team, a person's change
 * costs at most its write, the echo of that write costs nothing, a late or replayed delivery
 * writes nothing, and events arriving together share their write requests. Counted at the
 * local Linear, behind the real LinearClient.
 */
// Hundreds of signed webhooks through SQLite on a shared 2-core machine: generous time limits.
describe('Linear at the request floor', { timeout: 30_000 }, () => {
  let h: Harness;
  const clock = Date.parse('2026-11-15T09:00:00Z');
  const issues: Issue[] = [];
  beforeAll(async () => {
    h = await startHarness({
      rankAutomatically: false,
      coalesceMs: 1_000, // the default: 200 webhooks posted on a loaded machine land within it
      syncEveryMs: 6 * HOUR,
      now: () => clock,
      before: (linear, { eng }) => {
        for (let i = 0; i < 210; i++) {
          issues.push(linear.addIssue(eng, { labels: RICE, estimate: 1 + (i % 5) }));
        }
      },
    });
  }, 30_000);
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
  async function deliver(payloads: unknown[]): Promise<void> {
    const answers = await Promise.all(payloads.map((payload) => postWebhook(h.baseUrl, payload)));
    expect(answers.map((a) => a.status)).toEqual(payloads.map(() => 200));
    await h.serve.worker.settle();
  }
  const link = (issue: Issue) =>
    h.linear.edit(issue, (i) => i.labelIds.push(h.linear.label('Key Results/O1-KR1').id));

  it('the start-up sync iceboxed every unlinked issue and learnt what it wrote', async () => {
    expect(issues.every((issue) => h.linear.labelNames(issue).includes('icebox'))).toBe(true);
    expect((await h.serve.known.get(issues[0]?.id ?? ''))?.pending).toBe(false);
  });

  it("a person's change costs its one write and no read; the echo of that write costs nothing", async () => {
    const issue = issues[0] as Issue;
    const before = [...issue.labelIds];
    link(issue);
    await deliver([h.linear.webhook(issue, 'update', { labelIds: before })]);
    expect(spent()).toEqual({ reads: 0, writes: 1 });
    expect(h.linear.labelNames(issue)).not.toContain('icebox');
    expect(h.linear.attachmentOf(issue)?.title).toMatch(/^Keyrank score /);

    // Linear's webhook for Keyrank's own write: its data is what Keyrank wrote.
    reads = h.linear.reads;
    writes = h.linear.writes;
    await deliver([h.linear.webhook(issue, 'update', { labelIds: before })]);
    expect(spent()).toEqual({ reads: 0, writes: 0 });
  });

  it('a retried older delivery and a replay after a crash write nothing and read nothing', async () => {
    const issue = issues[1] as Issue;
    const older = h.linear.webhook(issue, 'update', { title: 'Before' });
    link(issue);
    await deliver([h.linear.webhook(issue, 'update', { labelIds: [] })]);
    const newer = h.linear.webhook(issue, 'update', { labelIds: [] });
    reads = h.linear.reads;
    writes = h.linear.writes;
    await deliver([{ ...older, webhookTimestamp: Date.now() }]);
    await deliver([{ ...newer, webhookTimestamp: Date.now() }]);
    expect(spent()).toEqual({ reads: 0, writes: 0 });
    expect(h.linear.attachmentOf(issue)?.title).toMatch(/^Keyrank score /);
  });

  it('a write that may not have landed (a crash before it was recorded) is read, not trusted', async () => {
    const issue = issues[2] as Issue;
    withDb(h.dbPath, (db) =>
      db.prepare(`UPDATE known_issues SET pending = 1 WHERE issue_id = ?`).run(issue.id),
    );
    h.linear.edit(issue, (i) => {
      i.title = 'Renamed';
    });
    await deliver([h.linear.webhook(issue, 'update', { title: 'Issue 3' })]);
    // The read finds the sync's write in place: nothing to write.
    expect(spent()).toEqual({ reads: 1, writes: 0 });
  });

  it('a local state that disagrees with the payload costs one read, then the right write', async () => {
    const issue = issues[3] as Issue;
    // Behind Keyrank's back (a missed delivery): its icebox label and attachment are gone.
    h.linear.attachments = h.linear.attachments.filter((a) => a.issueId !== issue.id);
    const icebox = h.linear.label('icebox').id;
    issue.labelIds = issue.labelIds.filter((id) => id !== icebox);
    h.linear.edit(issue, (i) => {
      i.estimate = 2;
    });
    await deliver([h.linear.webhook(issue, 'update', { estimate: 4 })]);
    expect(spent()).toEqual({ reads: 1, writes: 1 });
    expect(h.linear.labelNames(issue)).toContain('icebox');
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank: Icebox');
  });

  it('200 events in one window: at most 10 requests, every issue right, echoes free', async () => {
    const all = issues.slice(10, 210);
    const before = new Map(all.map((issue) => [issue.id, [...issue.labelIds]]));
    all.forEach(link);
    await deliver(
      all.map((issue) => h.linear.webhook(issue, 'update', { labelIds: before.get(issue.id) })),
    );
    const requests = spent();
    expect(requests.reads).toBe(0);
    expect(requests.reads + requests.writes).toBeLessThanOrEqual(10);
    for (const issue of all) {
      expect(h.linear.labelNames(issue)).not.toContain('icebox');
      expect(h.linear.attachmentOf(issue)?.title).toMatch(/^Keyrank score /);
    }
    for (const request of h.linear.writeRequests().slice(-requests.writes)) {
      expect(request.complexity).toBeLessThanOrEqual(LIMITS.complexityPerQuery);
    }

    reads = h.linear.reads;
    writes = h.linear.writes;
    await deliver(all.map((issue) => h.linear.webhook(issue, 'update', { labelIds: [] })));
    expect(spent()).toEqual({ reads: 0, writes: 0 });
  });

  it("sizes documents from Linear's x-complexity so none goes over the limit", async () => {
    // Dear mutations: 100 issues' changes would cost over 40,000 points in one document.
    h.linear.mutationCost = 200;
    const some = issues.slice(10, 110);
    const kr = h.linear.label('Key Results/O1-KR1').id;
    const before = new Map(some.map((issue) => [issue.id, [...issue.labelIds]]));
    some.forEach((issue) =>
      h.linear.edit(issue, (i) => {
        i.labelIds = i.labelIds.filter((id) => id !== kr);
      }),
    );
    const from = h.linear.requests.length;
    await deliver(
      some.map((issue) => h.linear.webhook(issue, 'update', { labelIds: before.get(issue.id) })),
    );
    h.linear.mutationCost = 0;
    const written = h.linear.requests.slice(from).filter((r) => r.kind === 'write');
    // Only the first document is sized before Linear said what a mutation costs; every one
    // after it is sized from x-complexity, under the 10,000-point limit and never refused.
    expect(written.length).toBeGreaterThan(2);
    for (const request of written.slice(1)) {
      expect(request.status).toBe(200);
      expect(request.complexity).toBeLessThanOrEqual(LIMITS.complexityPerQuery);
    }
    for (const issue of some) {
      expect(h.linear.labelNames(issue)).toContain('icebox');
      expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank: Icebox');
    }
  });
});
