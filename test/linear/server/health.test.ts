import { unlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { postWebhook } from '../support/webhooks';

const RICE_LABELS = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];

describe('/healthz under a storm of probes', () => {
  let clock = Date.parse('2026-11-15T09:00:00Z');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rankAutomatically: false, now: () => clock });
  });
  afterAll(async () => {
    await h.close();
  });

  it('writes to the inbox about once a second, and answers 503 at once when the file is gone', async () => {
    const writes = h.serve.health.writes;
    for (let i = 0; i < 100; i++) {
      expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    }
    expect(h.serve.health.writes - writes).toBe(1);

    clock += 1_000;
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    expect(h.serve.health.writes - writes).toBe(2);

    // Within the same second: the cached probe does not hide that the file is gone.
    for (const suffix of ['', '-wal', '-shm']) {
      unlinkSync(`${h.dbPath}${suffix}`);
    }
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { error: string }).error).toMatch(
      /inbox database file is gone \(KEYRANK_DB\)/,
    );
  });
});

describe('/healthz and the webhook when the inbox file is gone', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rankAutomatically: false });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers 503 instead of accepting events it would lose', async () => {
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    for (const suffix of ['', '-wal', '-shm']) {
      unlinkSync(`${h.dbPath}${suffix}`);
    }
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { error: string }).error).toMatch(
      /inbox database file is gone \(KEYRANK_DB\)/,
    );
    const issue = h.linear.addIssue(h.eng, { labels: RICE_LABELS });
    // 503: Linear delivers it again later, to a restarted server.
    const answer = await postWebhook(h.baseUrl, h.linear.webhook(issue, 'create'));
    expect(answer.status).toBe(503);
    expect(h.logs.some((l) => l.message.includes('cannot store events'))).toBe(true);
  });
});
