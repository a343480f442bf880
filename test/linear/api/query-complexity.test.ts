import { LinearClient } from '@linear/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentLinearError } from '../../../src/linear/api/errors';
import { LinearApi } from '../../../src/linear/api/linear-api';
import {
  largestPage,
  queryComplexity,
  READ_COMPLEXITY_BUDGET,
} from '../../../src/linear/api/query-complexity';
import { API_KEY, LIMITS, LocalLinear } from '../support/local-linear';

/**
 * Linear's documented rule (https://linear.app/developers/rate-limiting): a property 0.1 point,
 * an object 1, a connection's children times its `first` (50 when not given), rounded up.
 */
describe('queryComplexity', () => {
  it.each([
    ['one property', 'query { viewer { id } }', {}, 2], // 1 + 0.1, rounded up
    ['ten properties are exactly one point', 'query { viewer { a b c d e f g h i j } }', {}, 2],
    ['a connection without first counts 50', 'query { teams { nodes { id } } }', {}, 56], // 1 + 50 × 1.1
    ['first as a literal', 'query { teams(first: 10) { nodes { id key } } }', {}, 13], // 1 + 10 × 1.2
    [
      'first from a variable',
      'query Q($n: Int!) { teams(first: $n) { nodes { id } } }',
      { n: 4 },
      6, // 1 + 4 × 1.1 = 5.4
    ],
    [
      'nested connections multiply',
      'query { issues(first: 10) { nodes { labels(first: 5) { nodes { id } } } } }',
      {},
      76, // 1 + 10 × (1 + 1 + 5 × 1.1)
    ],
    [
      'a field @include(if: false) drops is free',
      'query Q($on: Boolean!) { viewer { id } teams(first: 100) @include(if: $on) { nodes { id } } }',
      { on: false },
      2,
    ],
    [
      'the same field included is charged',
      'query Q($on: Boolean!) { viewer { id } teams(first: 100) @include(if: $on) { nodes { id } } }',
      { on: true },
      113, // 1.1 + 1 + 100 × 1.1
    ],
    [
      '@skip(if: true) drops a field',
      'query { viewer { id } teams @skip(if: true) { nodes { id } } }',
      {},
      2,
    ],
  ])('%s', (_, document, variables, points) => {
    expect(queryComplexity(document, variables)).toBe(points);
  });

  it('largestPage finds the biggest page within the budget, and the next one is over it', () => {
    const document =
      'query Q($first: Int!) { issues(first: $first) { nodes { id labels(first: 20) { nodes { id name } } } } }';
    const size = largestPage(document, {});
    expect(queryComplexity(document, { first: size })).toBeLessThanOrEqual(READ_COMPLEXITY_BUDGET);
    expect(queryComplexity(document, { first: size + 1 })).toBeGreaterThan(READ_COMPLEXITY_BUDGET);
  });

  it("largestPage stops at Linear's largest page, 250", () => {
    expect(largestPage('query Q($first: Int!) { teams(first: $first) { nodes { id } } }', {})).toBe(
      250,
    );
  });
});

describe("the local Linear holds reads to Linear's per-query limit", () => {
  const linear = new LocalLinear();
  beforeAll(async () => {
    await linear.start();
    const team = linear.addTeam('ENG');
    linear.addIssue(team);
  });
  afterAll(async () => {
    await linear.close();
  });
  // Keyrank's backlog read before it was slimmed: 100 issues, each with labels(first: 250).
  const tooComplex = `query { issues(first: 100) { nodes { id labels(first: 250) { nodes { id name parent { id name } } } } } }`;

  it('refuses a read over 10,000 points as Linear does, before running it', async () => {
    expect(queryComplexity(tooComplex)).toBeGreaterThan(LIMITS.complexityPerQuery);
    const response = await fetch(linear.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: API_KEY },
      body: JSON.stringify({ query: tooComplex }),
    });
    expect(response.status).toBe(400);
    expect(Number(response.headers.get('x-complexity'))).toBe(queryComplexity(tooComplex));
    const body = (await response.json()) as {
      data?: unknown;
      errors: { message: string; extensions: Record<string, unknown> }[];
    };
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: `Query too complex: complexity ${queryComplexity(tooComplex)} is over 10000`,
        extensions: { type: 'invalid input', code: 'QUERY_TOO_COMPLEX', userError: true },
      },
    ]);
  });

  it('Keyrank gets a permanent error that says why, after one request, never retried', async () => {
    const api = new LinearApi({
      client: new LinearClient({ apiKey: API_KEY, apiUrl: linear.url }),
      backoffMs: 5,
      now: () => Date.now(),
    });
    const error = await api.read(tooComplex).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentLinearError);
    expect((error as Error).message).toMatch(/Query too complex: complexity \d+ is over 10000/);
    expect(api.counts).toMatchObject({ reads: 1, retries: 0 });
  });

  it('takes a read at the limit', async () => {
    // 1 + 250 × (1 + 0.1 + 1 + 34 × 1.1) = 9,876: just under 10,000.
    const document =
      'query { issues(first: 250) { nodes { id labels(first: 34) { nodes { id } } } } }';
    const points = queryComplexity(document);
    expect(points).toBeLessThanOrEqual(LIMITS.complexityPerQuery);
    expect(points).toBeGreaterThan(LIMITS.complexityPerQuery - 200);
    const response = await fetch(linear.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: API_KEY },
      body: JSON.stringify({ query: document }),
    });
    expect(response.status).toBe(200);
  });
});
