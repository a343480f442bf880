import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { sessionCookie } from '../support/sign-in';
import { postWebhook, sign } from '../support/webhooks';

describe('POST /webhooks/linear over loopback HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ limits: { maxBodyBytes: 64 * 1024 }, signIn: true });
  });
  afterAll(async () => {
    await h.close();
  });

  const issueEvent = () => h.linear.webhook(h.linear.addIssue(h.eng, { labels: ['ui'] }));

  const stored = async () => {
    const counts = await h.serve.events.counts();
    return counts.pending + counts.done;
  };

  it('answers 401 to a missing signature, and stores nothing', async () => {
    const before = await stored();
    const answer = await postWebhook(h.baseUrl, issueEvent(), { signature: null });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ error: 'Missing webhook signature' });
    expect(await stored()).toBe(before);
  });

  it('answers 401 to a signature made with another secret', async () => {
    const answer = await postWebhook(h.baseUrl, issueEvent(), { secret: 'not-the-secret' });
    expect(answer.status).toBe(401);
    expect(answer.body).not.toContain('lin_wh_test_secret');
  });

  it('answers 401 to a body changed after signing', async () => {
    const body = JSON.stringify(issueEvent());
    const answer = await postWebhook(h.baseUrl, body.replace('Issue', 'Issue '), {
      signature: sign(body),
    });
    expect(answer.status).toBe(401);
  });

  it('answers 401 to a correctly signed body whose timestamp is older than 60 s (a replay)', async () => {
    const stale = { ...issueEvent(), webhookTimestamp: Date.now() - 61_000 };
    const answer = await postWebhook(h.baseUrl, stale);
    expect(answer.status).toBe(401);
    const fresh = await postWebhook(h.baseUrl, { ...stale, webhookTimestamp: Date.now() - 5_000 });
    expect(fresh.status).toBe(200);
  });

  it('answers 200 to a signed body that is not JSON and keeps it aside for a person, visible in /healthz', async () => {
    const before = await h.serve.events.counts();
    const answer = await postWebhook(h.baseUrl, '{"type": "Issue", oops');
    // Not 400: Linear would retry it, and in the end disable the webhook.
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'Set aside' });
    const after = await h.serve.events.counts();
    expect(after.setAside).toBe(before.setAside + 1);
    expect(after.pending).toBe(before.pending);
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', setAside: after.setAside });
    expect((await h.serve.events.setAsideEvents(1))[0]?.reason).toBe('the signed body is not JSON');
    expect(h.logs.some((l) => l.message.includes('set aside'))).toBe(true);
  });

  it('sets aside a signed Issue event without the fields Keyrank needs, once per delivery', async () => {
    const event = issueEvent();
    const before = (await h.serve.events.counts()).setAside;
    const body = { ...event, data: { id: event.data.id } };
    const answer = await postWebhook(h.baseUrl, body, { delivery: 'broken-1' });
    expect(answer.status).toBe(200);
    const retry = await postWebhook(h.baseUrl, body, { delivery: 'broken-1' });
    expect(retry.status).toBe(200);
    expect((await h.serve.events.counts()).setAside).toBe(before + 1);
    expect((await h.serve.events.setAsideEvents(1))[0]?.reason).toMatch(
      /^Issue event: data\.identifier/,
    );
  });

  it('answers 413 to a body over the limit, whether or not Content-Length says so', async () => {
    const big = { ...issueEvent(), padding: 'x'.repeat(70 * 1024) };
    expect((await postWebhook(h.baseUrl, big)).status).toBe(413);
    const body = JSON.stringify(big);
    const chunked = await fetch(`${h.baseUrl}/webhooks/linear`, {
      method: 'POST',
      headers: { 'linear-signature': sign(body), 'content-type': 'application/json' },
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as unknown as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('answers 200 to events other than Issue and ignores them', async () => {
    const before = await stored();
    const comment = {
      action: 'create',
      type: 'Comment',
      webhookTimestamp: Date.now(),
      data: { id: 'c1', body: 'hi' },
    };
    const answer = await postWebhook(h.baseUrl, comment);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'Ignored' });
    expect(await stored()).toBe(before);
  });

  it('accepts a signed Issue event into the inbox and answers well within 5 s', async () => {
    const before = await stored();
    const answer = await postWebhook(h.baseUrl, issueEvent());
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'Accepted' });
    expect(answer.ms).toBeLessThan(5_000);
    expect(await stored()).toBe(before + 1);
  });

  it('answers a redelivery 200 and processes it once: no second write', async () => {
    const issue = h.linear.addIssue(h.eng, { labels: ['Key Results/O1-KR1'], estimate: 2 });
    const payload = h.linear.webhook(issue);
    const first = await postWebhook(h.baseUrl, payload, { delivery: 'delivery-42' });
    await h.serve.worker.settle();
    const writes = h.linear.writes;
    expect(h.linear.attachmentOf(issue)).toBeDefined();
    const again = await postWebhook(
      h.baseUrl,
      { ...payload, webhookTimestamp: Date.now() },
      { delivery: 'delivery-42' },
    );
    await h.serve.worker.settle();
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(JSON.parse(again.body)).toEqual({ status: 'Duplicate' });
    expect(h.linear.writes).toBe(writes);
  });

  it('answers 405 to other methods on the webhook, 404 elsewhere, and 200 on /healthz', async () => {
    expect((await fetch(`${h.baseUrl}/webhooks/linear`)).status).toBe(405);
    expect((await fetch(`${h.baseUrl}/nope`)).status).toBe(404);
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
  });

  it('serves the score page at the signed link the attachment carries, escaped; 404 without a valid signature', async () => {
    const issue = h.linear.addIssue(h.eng, {
      title: `Dashboard <b>redesign</b> & "quotes" <script>alert('x')</script>`,
      labels: ['Key Results/O1-KR1', 'Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'],
      estimate: 4,
    });
    await postWebhook(h.baseUrl, h.linear.webhook(issue, 'create'));
    await h.serve.worker.settle();
    const link = h.linear.attachmentOf(issue)?.url ?? '';
    expect(link).toMatch(
      new RegExp(`^https://keyrank\\.example\\.com/issues/${issue.identifier}\\?sig=[\\w-]{43}$`),
    );
    const signed = link.replace('https://keyrank.example.com', h.baseUrl);
    // Behind sign-in: the link leads through Sign in with Linear and back, signature and all.
    const outside = await fetch(signed, { redirect: 'manual' });
    expect(outside.status).toBe(302);
    const back = new URL(signed).pathname + new URL(signed).search;
    expect(outside.headers.get('location')).toBe(
      `/auth/sign-in?return=${encodeURIComponent(back)}`,
    );
    const cookie = await sessionCookie(h);
    const page = await fetch(signed, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain(
      'Dashboard &#60;b&#62;redesign&#60;/b&#62; &#38; &#34;quotes&#34; &#60;script&#62;alert(&#39;x&#39;)',
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('RICE 1000 × 2 × 80% / 4 = 400');

    // Signed in, the signature is still needed: unsigned, wrongly signed, or another issue's
    // signature all answer like an unknown issue, so a member cannot walk a private team's.
    const unknown = await fetch(`${h.baseUrl}/issues/ENG-9999`, { headers: { cookie } });
    expect(unknown.status).toBe(404);
    const notFound = await unknown.text();
    const other = h.linear.addIssue(h.eng);
    for (const url of [
      `${h.baseUrl}/issues/${issue.identifier}`,
      `${h.baseUrl}/issues/${issue.identifier}?sig=`,
      `${h.baseUrl}/issues/${issue.identifier}?sig=${'A'.repeat(43)}`,
      signed.replace(issue.identifier, other.identifier),
    ]) {
      const answer = await fetch(url, { headers: { cookie } });
      expect(answer.status).toBe(404);
      expect(await answer.text()).toBe(notFound);
    }
  });

  it('answers 400, not 500, to a path that does not decode', async () => {
    const answer = await fetch(`${h.baseUrl}/issues/%E0%A4%A`, {
      headers: { cookie: await sessionCookie(h) },
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error: 'Malformed path' });
  });
});
