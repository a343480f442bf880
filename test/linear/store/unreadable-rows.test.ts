import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { withDb } from '../support/inbox-db';
import { fetchScorePage } from '../support/score-page-url';
import { postWebhook } from '../support/webhooks';

const RICE_LABELS = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];

describe('hostile numbers and unreadable rows never wedge anything', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rankAutomatically: false, signIn: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('reach 1e308 over effort 1e-308 is a problem on the issue, never Infinity', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1'],
      description: 'RICE: reach 1e308, impact 3, confidence 100%, effort 1e-308',
    });
    await postWebhook(h.baseUrl, h.linear.webhook(issue, 'create'));
    await h.serve.worker.settle();
    const attachment = h.linear.attachmentOf(issue);
    expect(attachment?.title).toBe('Keyrank: no score yet');
    expect(attachment?.subtitle).toContain(
      'reach × impact × confidence / effort is too large to score',
    );
    expect(JSON.stringify(attachment)).not.toContain('Infinity');
    const page = await fetchScorePage(h, issue);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<strong>Score:</strong> no score');
    expect((await h.serve.events.counts()).pending).toBe(0);
  });

  it('a stored score that no longer reads answers 404, not 500, and the next event recomputes it', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 4,
    });
    await postWebhook(h.baseUrl, h.linear.webhook(issue, 'create'));
    await h.serve.worker.settle();
    // What an older version stored: 9e999 is how SQLite writes Infinity.
    withDb(h.dbPath, (db) =>
      db.prepare(`UPDATE scores SET score = 9e999 WHERE identifier = ?`).run(issue.identifier),
    );
    expect((await fetchScorePage(h, issue)).status).toBe(404);

    // Someone edits the issue: the event is decided again (from its payload, no read).
    h.linear.edit(issue, (i) => {
      i.title = 'Renamed';
    });
    const answer = await postWebhook(h.baseUrl, h.linear.webhook(issue, 'update'));
    expect(answer.status).toBe(200);
    await h.serve.worker.settle();
    expect((await h.serve.events.counts()).pending).toBe(0);
    const page = await fetchScorePage(h, issue);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<strong>Score:</strong> 400');
  });

  it('an inbox row that does not read is set aside, logged and counted; the rows behind it go on', async () => {
    const before = await h.serve.events.counts();
    withDb(h.dbPath, (db) => {
      const insert = db.prepare(
        `INSERT INTO events (delivery, issue_id, received_at, payload) VALUES (?, ?, ?, ?)`,
      );
      insert.run('torn-row', 'issue-x', new Date().toISOString(), '{"type":"Issue","act');
      insert.run('not-an-issue', null, new Date().toISOString(), '{"type":"Issue"}');
      insert.run('blob-row', null, new Date().toISOString(), Buffer.from([0xff, 0x00]));
    });
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE_LABELS],
      estimate: 4,
    });
    await postWebhook(h.baseUrl, h.linear.webhook(issue, 'create'));
    await h.serve.worker.settle();
    expect(h.linear.attachmentOf(issue)?.title).toBe('Keyrank score 400');
    const after = await h.serve.events.counts();
    expect(after.pending).toBe(0);
    expect(after.setAside).toBe(before.setAside + 3);
    expect((await h.serve.events.setAsideEvents(3)).map((e) => e.delivery)).toEqual([
      'blob-row',
      'not-an-issue',
      'torn-row',
    ]);
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', pending: 0, setAside: after.setAside });
    expect(h.logs.filter((l) => l.level === 'error' && /set aside/.test(l.message))).toHaveLength(
      2,
    );
  });
});
