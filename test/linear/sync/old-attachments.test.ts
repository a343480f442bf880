import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scoreLinks } from '../../../src/linear/server/score-links';
import { startHarness, type Harness } from '../support/harness';
import { withDb } from '../support/inbox-db';
import type { Issue } from '../support/local-linear';
import { postWebhook, SECRET } from '../support/webhooks';
import { PUBLIC_URL } from '../support/workspace';

const RICE = ['Key Results/O1-KR1', 'Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];
const links = scoreLinks(PUBLIC_URL, SECRET);
/** The links a rotated webhook secret made. */
const rotated = scoreLinks(PUBLIC_URL, 'lin_wh_the_secret_before_rotation');

/**
 * Attachments are upserted by URL, so the signed link of this version and the links of older
 * ones (unsigned, or signed with a rotated secret) would sit side by side, the older leading
 * to a 404. Keyrank deletes its own older links in the same write, seen in the same read.
 */
describe("Keyrank's own older attachments", () => {
  let h: Harness;
  beforeAll(async () => {
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

  async function deliver(issue: Issue): Promise<void> {
    expect((await postWebhook(h.baseUrl, h.linear.webhook(issue, 'update'))).status).toBe(200);
    await h.serve.worker.settle();
  }

  it('an event deletes the unsigned and the stale-signed link in its one write, and keeps the rest', async () => {
    const issue = h.linear.addIssue(h.eng, { labels: RICE, estimate: 4 });
    const id = issue.identifier;
    h.linear.addAttachment(issue, links.page(id), 'Keyrank score 100');
    h.linear.addAttachment(issue, rotated.url(id), 'Keyrank score 200');
    // Not Keyrank's own link to this issue: a person's links, another issue's page.
    const kept = [
      h.linear.addAttachment(issue, 'https://docs.example.com/spec'),
      h.linear.addAttachment(issue, `${links.page(id)}?from=slack`),
      h.linear.addAttachment(issue, links.url(`${id}0`)),
    ];

    await deliver(issue);

    expect({ reads: h.linear.reads - reads, writes: h.linear.writes - writes }).toEqual({
      reads: 1,
      writes: 1,
    });
    expect(h.linear.writeRequests().at(-1)?.fields).toEqual([
      'attachmentCreate',
      'attachmentDelete',
      'attachmentDelete',
    ]);
    const urls = h.linear.attachmentsOf(issue).map((a) => a.url);
    expect(urls.sort()).toEqual([links.url(id), ...kept.map((a) => a.url)].sort());
    expect(h.linear.attachmentsOf(issue).find((a) => a.url === links.url(id))?.title).toBe(
      'Keyrank score 400',
    );
  });

  it('an issue whose score link is current writes only the deletion, then nothing', async () => {
    const issue = h.linear.addIssue(h.eng, { labels: RICE, estimate: 4 });
    await deliver(issue);
    h.linear.addAttachment(issue, links.page(issue.identifier));
    writes = h.linear.writes;
    // Events on an issue Keyrank knows are decided from the payload and see no attachments: the
    // old link goes at the next read, here the one made for an issue seen for the first time
    // (after a restart with a new inbox file) — and at every sync.
    withDb(h.dbPath, (db) => db.prepare(`DELETE FROM known_issues`).run());
    h.linear.edit(issue, () => {});

    await deliver(issue);
    expect(h.linear.writes - writes).toBe(1);
    expect(h.linear.writeRequests().at(-1)?.fields).toEqual(['attachmentDelete']);
    expect(h.linear.attachmentsOf(issue).map((a) => a.url)).toEqual([links.url(issue.identifier)]);

    writes = h.linear.writes;
    h.linear.edit(issue, () => {});
    await deliver(issue);
    expect(h.linear.writes - writes).toBe(0);
  });
});

describe("the sync deletes Keyrank's older attachments", () => {
  let h: Harness;
  let issues: Issue[] = [];
  beforeAll(async () => {
    h = await startHarness({
      syncEveryMs: 6 * 3_600_000,
      rankAutomatically: false,
      before: (linear, { eng }) => {
        issues = [0, 1, 2].map(() => linear.addIssue(eng, { labels: RICE, estimate: 2 }));
        for (const issue of issues) {
          linear.addAttachment(issue, links.page(issue.identifier));
        }
        linear.addAttachment(issues[0] as Issue, rotated.url((issues[0] as Issue).identifier));
      },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('in the same batched write as the new links, with no extra read', () => {
    expect(h.linear.writeRequests()).toHaveLength(1);
    const fields = h.linear.writeRequests()[0]?.fields ?? [];
    expect(fields.filter((f) => f === 'attachmentDelete')).toHaveLength(4);
    for (const issue of issues) {
      expect(h.linear.attachmentsOf(issue).map((a) => a.url)).toEqual([
        links.url(issue.identifier),
      ]);
    }
    // One page of the backlog per team, the label catalogue and the team list: no read per issue.
    expect(h.linear.reads).toBeLessThanOrEqual(4);
  });
});
