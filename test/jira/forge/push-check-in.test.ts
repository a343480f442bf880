import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { KrLiveView } from '../../../src/contract/key-results';
import {
  MAX_PUSH_BYTES,
  pushCheckIn,
  type WebTriggerRequest,
} from '../../../src/jira/forge/triggers/push-check-in';
import { rotatePushSecret } from '../../../src/jira/store/push-secret-store';
import { startHarness, type Harness } from '../harness';
import { LIVING_OKR_FILE } from '../pages/admin/admin-call';

/**
 * The push webtrigger as Forge calls it: a request object in, `{ statusCode, headers, body }`
 * out. O1-KR1 takes pushed values; O1-KR2 is read from linked issues (automatic).
 */

let h: Harness | undefined;
let secret = '';
let logs: MockInstance[] = [];

beforeEach(async () => {
  h = await startHarness([], { okrFile: LIVING_OKR_FILE });
  secret = (await rotatePushSecret(h.store, 'O1-KR1', h.deps.now())).secret;
  logs = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation(() => undefined),
  );
});

afterEach(async () => {
  // Whatever happened, no secret reached a log line.
  const logged = JSON.stringify(logs.flatMap((spy) => spy.mock.calls));
  expect(logged).not.toContain(secret);
  logs.forEach((spy) => spy.mockRestore());
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

function post(
  body: unknown,
  authorization: string | null = `Bearer ${secret}`,
  method = 'POST',
): WebTriggerRequest {
  return {
    method,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: {
      'Content-Type': ['application/json'],
      ...(authorization !== null && { Authorization: [authorization] }),
    },
  };
}

async function send(request: WebTriggerRequest) {
  const response = await pushCheckIn(request, h!.deps);
  expect(response.headers['Content-Type']).toEqual(['application/json']);
  return { ...response, json: JSON.parse(response.body) as Record<string, unknown> };
}

const stored = (krId: string): unknown => h!.store.data.get(`check-ins:${krId}`);

describe('push webtrigger: the right secret records the value', () => {
  it('answers 200 with the KR where it stands now, stored as a push with no person', async () => {
    const response = await send(
      post({ krId: 'O1-KR1', value: 47, date: '2026-11-14', note: 'November survey' }),
    );
    expect(response.statusCode).toBe(200);
    const view = response.json as unknown as KrLiveView;
    expect(view).toMatchObject({
      krId: 'O1-KR1',
      current: 47,
      progressSource: 'push',
      lastCheckIn: { date: '2026-11-14', value: 47 },
    });
    expect(view.checkIns.map((c) => [c.date, c.value, c.source, c.by])).toEqual([
      ['2026-10-06', 41, 'file', null],
      ['2026-11-14', 47, 'push', null],
    ]);
    expect(stored('O1-KR1')).toEqual([
      { date: '2026-11-14', value: 47, note: 'November survey', source: 'push' },
    ]);
  });

  it('dates a check-in without a date today, and reads the header whatever its case', async () => {
    const request = post({ krId: 'O1-KR1', value: 45 }, null);
    request.headers = { authorization: [`bearer ${secret}`] };
    const response = await send(request);
    expect(response.statusCode).toBe(200);
    expect(stored('O1-KR1')).toEqual([{ date: '2026-11-15', value: 45, source: 'push' }]);
  });
});

describe('push webtrigger: everything else is refused, storing nothing', () => {
  const UNAUTHORIZED =
    'a valid push secret is needed: send "Authorization: Bearer <secret>" with the secret made for this key result on the Keyrank OKRs page';

  const cases: [string, () => WebTriggerRequest, number, string | RegExp][] = [
    ['a GET', () => post('', `Bearer ${secret}`, 'GET'), 405, 'only POST is accepted'],
    [
      `a body over ${MAX_PUSH_BYTES} bytes, even with the right secret`,
      () => post({ krId: 'O1-KR1', value: 47, note: 'x'.repeat(MAX_PUSH_BYTES) }),
      413,
      'the body is over 16 KiB — a check-in is one value',
    ],
    ['no Authorization header', () => post({ krId: 'O1-KR1', value: 47 }, null), 401, UNAUTHORIZED],
    [
      'a Basic credential',
      () => post({ krId: 'O1-KR1', value: 47 }, `Basic ${secret}`),
      401,
      UNAUTHORIZED,
    ],
    [
      'a wrong secret',
      () => post({ krId: 'O1-KR1', value: 47 }, `Bearer ${secret.slice(1)}x`),
      401,
      UNAUTHORIZED,
    ],
    [
      "another KR's id with this KR's secret",
      () => post({ krId: 'O2-KR1', value: 4 }),
      401,
      UNAUTHORIZED,
    ],
    // The same answer as a wrong secret: a caller cannot learn which KRs exist.
    ['an unknown KR', () => post({ krId: 'O9-KR9', value: 4 }), 401, UNAUTHORIZED],
    [
      'a body that is not JSON',
      () => post('krId=O1-KR1&value=47'),
      400,
      'the body is not JSON — send {"krId": "O1-KR1", "value": 47}',
    ],
    [
      'a value sent as text',
      () => post({ krId: 'O1-KR1', value: '47' }),
      400,
      /^the check-in cannot be read: value: must be a number \(got "47"\) — send \{"krId"/,
    ],
    [
      'a date that is no day',
      () => post({ krId: 'O1-KR1', value: 47, date: '2026-02-30' }),
      400,
      /date: must be a real date written YYYY-MM-DD/,
    ],
    [
      'a date after today',
      () => post({ krId: 'O1-KR1', value: 47, date: '2026-11-16' }),
      400,
      '2026-11-16 is after today (2026-11-15) — a check-in records a value already reached',
    ],
  ];

  it.each(cases)('%s', async (_, request, statusCode, error) => {
    const response = await send(request());
    expect(response.statusCode).toBe(statusCode);
    expect(Object.keys(response.json)).toEqual(['error']);
    expect(response.json['error']).toMatch(error);
    expect(response.body).not.toContain(secret);
    expect([...h!.store.data.keys()].filter((k) => k.startsWith('check-ins:'))).toEqual([]);
    if (statusCode === 405) {
      expect(response.headers['Allow']).toEqual(['POST']);
    }
  });

  it('answers 409 for a KR whose value Keyrank reads itself (its source changed after the secret)', async () => {
    // Rotating refuses non-push KRs; this secret stands for one made before the source changed.
    const old = await rotatePushSecret(h!.store, 'O1-KR2', h!.deps.now());
    const response = await send(post({ krId: 'O1-KR2', value: 3 }, `Bearer ${old.secret}`));
    expect(response.statusCode).toBe(409);
    expect(response.json).toEqual({
      error:
        'O1-KR2 takes its value from linked-done, so a check-in would be overwritten — check in on KRs whose progress is manual or push',
    });
    expect(stored('O1-KR2')).toBeUndefined();
  });

  it('answers 500 without internals when storage fails, and logs no secret', async () => {
    h!.deps.store = {
      get: (key) => h!.store.get(key),
      set: () => Promise.reject(new Error('kvs is down')),
    };
    const response = await send(post({ krId: 'O1-KR1', value: 47 }));
    expect(response.statusCode).toBe(500);
    expect(response.json).toEqual({
      error: 'Keyrank could not record this check-in — try again in a minute',
    });
    expect(logs.some((spy) => spy.mock.calls.length > 0)).toBe(true);
  });
});
