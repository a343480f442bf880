import { LinearClient } from '@linear/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentLinearError, TransientLinearError } from '../../../src/linear/api/errors';
import { LinearApi } from '../../../src/linear/api/linear-api';
import { API_KEY, LocalLinear } from '../support/local-linear';

const TEAMS = 'query { teams(first: 5) { nodes { id key } } }';

/** The request wrapper against the local Linear: counting, rate limits, outages, refusals. */
describe('LinearApi', () => {
  const linear = new LocalLinear();
  const api = (options: Partial<ConstructorParameters<typeof LinearApi>[0]> = {}) =>
    new LinearApi({
      client: new LinearClient({ apiKey: API_KEY, apiUrl: linear.url }),
      backoffMs: 5,
      now: () => Date.now(),
      ...options,
    });
  beforeAll(async () => {
    await linear.start();
    linear.addTeam('ENG');
  });
  afterAll(async () => {
    await linear.close();
  });

  it('counts reads and writes as the server sees them', async () => {
    const client = api();
    await client.read(TEAMS);
    await client.read(TEAMS);
    expect(client.counts).toMatchObject({ reads: 2, writes: 0 });
  });

  it('gives a rate-limit reset too far away back to the inbox, with the time to retry', async () => {
    linear.ratelimitNext(1, 3_600_000);
    const error = await api({ maxRatelimitWaitMs: 1_000 })
      .read(TEAMS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientLinearError);
    expect((error as TransientLinearError).retryAt).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('waits for the complexity budget when that is the one that ran out, not the requests one', async () => {
    const at = Date.now();
    const slept: number[] = [];
    const client = api({
      now: () => at,
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    });
    // Requests left (their reset an hour away), complexity spent until 5 s from now.
    linear.complexityExhaustedNext(1, 5_000);
    await client.read(TEAMS);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(5_000);
    expect(slept[0]).toBeLessThan(6_000);
    expect(client.counts).toMatchObject({ reads: 2, ratelimited: 1 });
  });

  it('waits before a request when the last answer said the complexity budget cannot pay for it', async () => {
    const slept: number[] = [];
    const client = api({
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    });
    client.budget.observe(
      new Headers({
        'x-ratelimit-requests-remaining': '100',
        'x-ratelimit-requests-reset': String(Date.now() + 3_600_000),
        'x-ratelimit-complexity-remaining': '30',
        'x-ratelimit-complexity-reset': String(Date.now() + 2_000),
      }),
    );
    await client.write(
      'mutation { m0: issueLabelCreate(input: { name: "x" }) { success } }',
      {},
      {
        expected: 500,
      },
    );
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(1_000);
    expect(slept[0]).toBeLessThanOrEqual(2_000);
  });

  it('treats a request that outlives its time limit as transient, and retries it', async () => {
    const release = linear.stall();
    const client = api({ timeoutMs: 100, attempts: 2 });
    const error = await client.read(TEAMS).catch((e: unknown) => e);
    release();
    expect(error).toBeInstanceOf(TransientLinearError);
    expect((error as Error).message).toContain('did not answer within 100 ms');
    expect(client.counts.reads).toBe(2);
  });

  it('does not retry a refusal, and says what Linear said', async () => {
    const client = api();
    const error = await client.read('query { issue(id: "gone") { id } }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentLinearError);
    expect((error as Error).message).toContain('Entity not found: Issue');
    expect(client.counts.reads).toBe(1);
  });

  it('keeps the work when the API key is refused, and never repeats the key', async () => {
    const client = new LinearApi({
      client: new LinearClient({ apiKey: 'lin_api_wrong_key_42', apiUrl: linear.url }),
      now: () => Date.now(),
    });
    const error = await client.read(TEAMS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientLinearError);
    expect((error as Error).message).toContain('check LINEAR_API_KEY');
    expect((error as Error).message).not.toContain('lin_api_wrong_key_42');
  });
});
