import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/linear/config';
import { startHarness, type Harness } from '../support/harness';
import { addLivingLabels, livingOkrs } from '../support/living-okrs';
import { postWebhook } from '../support/webhooks';

const TOKEN = 'krt_0123456789abcdef0123456789abcdef';
const RICE = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function push(
  h: Harness,
  krId: string,
  body: unknown,
  options: { token?: string | null; headers?: Record<string, string>; method?: string } = {},
): Promise<Answer> {
  const token = options.token === undefined ? TOKEN : options.token;
  const response = await fetch(
    `${h.baseUrl}/api/key-results/${encodeURIComponent(krId)}/check-ins`,
    {
      method: options.method ?? 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token !== null && { authorization: `Bearer ${token}` }),
        ...options.headers,
      },
      ...(options.method !== 'GET' && {
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    },
  );
  return {
    status: response.status,
    body: JSON.parse(await response.text()) as Record<string, unknown>,
    headers: response.headers,
  };
}

describe('POST /api/key-results/<id>/check-ins', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      okrs: livingOkrs(),
      apiToken: TOKEN,
      before: (linear) => addLivingLabels(linear),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('stores a value dated today and answers where the KR stands', async () => {
    const answer = await push(h, 'O1-KR1', { value: 47, note: 'November survey' });
    expect(answer.status).toBe(200);
    // 40 → 60, now 47: 35% done; 49% of the quarter gone, a gap of 0.14: at risk.
    expect(answer.body).toEqual({
      krId: 'O1-KR1',
      current: 47,
      progress: 0.35,
      health: 'at-risk',
      stale: false,
      lastCheckIn: { date: '2026-11-15', value: 47 },
    });
    expect(await h.serve.checkIns.list('O1-KR1')).toEqual([
      { date: '2026-11-15', value: 47, note: 'November survey', source: 'push' },
    ]);
  });

  it('keeps a past date, and the latest check-in stays the current value', async () => {
    const answer = await push(h, 'O1-KR1', { value: 42, date: '2026-10-20' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ current: 47, lastCheckIn: { date: '2026-11-15' } });
    expect((await h.serve.checkIns.list('O1-KR1')).map((c) => c.date)).toEqual([
      '2026-10-20',
      '2026-11-15',
    ]);
  });

  it('takes check-ins for manual KRs too', async () => {
    const answer = await push(h, 'O1-KR3', { value: 8.5 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ krId: 'O1-KR3', current: 8.5, progress: 0.375 });
  });

  it.each([
    ['no Authorization header', null, {}, 'Missing bearer token'],
    ['another scheme', null, { authorization: `Basic ${TOKEN}` }, 'Missing bearer token'],
    ['a wrong token of the same length', `${TOKEN.slice(0, -1)}0`, {}, 'Invalid bearer token'],
    ['a prefix of the token', TOKEN.slice(0, 10), {}, 'Invalid bearer token'],
    ['the token with more after it', `${TOKEN}x`, {}, 'Invalid bearer token'],
  ])('answers 401 to %s, and stores nothing', async (_, token, headers, message) => {
    const before = (await h.serve.checkIns.list('O1-KR1')).length;
    const answer = await push(h, 'O1-KR1', { value: 50 }, { token, headers });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toContain(message);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(JSON.stringify(answer.body)).not.toContain(TOKEN.slice(4, 20));
    expect(await h.serve.checkIns.list('O1-KR1')).toHaveLength(before);
  });

  it.each([
    ['a value written as text', { value: '47' }, 'value: must be a number'],
    ['a null value', { value: null }, 'value: must be a number'],
    ['no value', { note: 'forgot it' }, 'value: must be a number'],
    ['an infinite value (1e999)', '{"value": 1e999}', 'value: must be a number'],
    ['a date that is not a day', { value: 1, date: '2026-11-31' }, 'date: must be a real date'],
    ['a date in another format', { value: 1, date: '20/11/2026' }, 'date: must be a real date'],
    ['a future date', { value: 1, date: '2026-11-16' }, 'date 2026-11-16 is after today'],
    [
      'a note over 500 characters',
      { value: 1, note: 'x'.repeat(501) },
      'note: must be at most 500',
    ],
    ['a body that is not JSON', 'value=47', 'The body is not a JSON object'],
    ['a JSON array', '[47]', 'The body is not a JSON object'],
    ['a bare number', '47', 'The body is not a JSON object'],
  ])('answers 400 to %s, saying what is accepted', async (_, body, message) => {
    const before = (await h.serve.checkIns.list('O1-KR1')).length;
    const answer = await push(h, 'O1-KR1', body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toContain(message);
    if (!message.startsWith('date 2026')) {
      expect(answer.body.error).toContain('accepted: { "value": <finite number>');
    }
    expect(await h.serve.checkIns.list('O1-KR1')).toHaveLength(before);
  });

  it('answers 404 naming an unknown key result', async () => {
    const answer = await push(h, 'O9-KR1', { value: 1 });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      error: 'O9-KR1 is not a key result in the OKR file (KEYRANK_OKRS)',
    });
  });

  it.each([
    ['O1-KR2', 'linked-done'],
    ['O2-KR1', 'query'],
  ])('answers 409 to %s, whose value comes from %s', async (krId, source) => {
    const answer = await push(h, krId, { value: 3 });
    expect(answer.status).toBe(409);
    expect(answer.body).toEqual({
      error: `${krId} takes its value from ${source}; push check-ins go to KRs with progress: { source: push } or manual ones`,
    });
    expect(await h.serve.checkIns.list(krId)).toEqual([]);
  });

  it('answers 413 to a body over 16 KiB, announced or not', async () => {
    const big = JSON.stringify({ value: 1, note: 'x'.repeat(20_000) });
    expect((await push(h, 'O1-KR1', big)).status).toBe(413);
    // Sent in chunks without Content-Length: the limit holds on the bytes that arrive.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${h.baseUrl}/api/key-results/O1-KR1/check-ins`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i++) {
        req.write('x'.repeat(1024));
      }
      req.end();
    });
    expect(status).toBe(413);
  });

  it('answers 415 to a body that is not sent as JSON, and 405 to another method', async () => {
    const form = await push(h, 'O1-KR1', 'value=47', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const get = await push(h, 'O1-KR1', null, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('never writes the token to the log', async () => {
    await push(h, 'O1-KR1', { value: 48 });
    await push(h, 'O1-KR1', { value: 48 }, { token: `${TOKEN}-wrong` });
    await push(h, 'O9-KR1', { value: 48 });
    expect(h.logs.some((entry) => entry.message === 'check-in pushed')).toBe(true);
    expect(JSON.stringify(h.logs)).not.toContain(TOKEN);
  });

  it('scores the linked issues with the pushed value: behind plan pulls harder', async () => {
    const issue = h.linear.addIssue(h.eng, {
      labels: ['Key Results/O1-KR1', ...RICE],
      estimate: 4,
    });
    const scoreAfterPush = async (value: number): Promise<number | null | undefined> => {
      expect((await push(h, 'O1-KR1', { value })).status).toBe(200);
      h.linear.edit(issue, (i) => (i.title = `Issue scored after ${value}`));
      expect((await postWebhook(h.baseUrl, h.linear.webhook(issue))).status).toBe(200);
      await h.serve.worker.settle();
      return (await h.serve.scores.get(issue.identifier))?.score;
    };
    // RICE 1000 × 2 × 80% / 4 = 400; at the target the KR is ahead of plan (lag 1).
    expect(await scoreAfterPush(60)).toBe(400);
    // Back at the baseline on day 45 of 91: lag 1 + 45/91 − 0, the schedule boost.
    expect(await scoreAfterPush(40)).toBeCloseTo(400 * (1 + 45 / 91), 6);
  });
});

describe('the push route without KEYRANK_API_TOKEN', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ okrs: livingOkrs() });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers 404 saying how to turn it on, whatever token is sent', async () => {
    const answer = await push(h, 'O1-KR1', { value: 47 });
    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatch(/^Push check-ins are off: set KEYRANK_API_TOKEN/);
    expect(await h.serve.checkIns.list('O1-KR1')).toEqual([]);
  });
});

describe('KEYRANK_API_TOKEN', () => {
  it('is read from the environment, and a short one is refused by name only', () => {
    expect(loadConfig({ KEYRANK_API_TOKEN: TOKEN }).apiToken).toBe(TOKEN);
    expect(loadConfig({}).apiToken).toBeUndefined();
    expect(() => loadConfig({ KEYRANK_API_TOKEN: 'hunter2hunter2' })).toThrow(
      /KEYRANK_API_TOKEN must be at least 24 characters/,
    );
    expect(() => loadConfig({ KEYRANK_API_TOKEN: 'hunter2hunter2' })).not.toThrow(/hunter2/);
  });
});
