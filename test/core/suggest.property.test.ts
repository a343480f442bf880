import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildSuggester,
  MAX_SUGGESTIONS,
  type IssueSnapshot,
  type Okrs,
} from '../../src/core/index';

/**
 * Suggester properties over random workspaces built from a small vocabulary, so words overlap
 * often and suggestions actually happen. Seeded by fast-check's defaults; runs stay small.
 */

const RUNS = { numRuns: 150 };
const Q4 = { label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' };
const Q3 = { label: '2026-Q3', start: '2026-07-01', end: '2026-09-30' };
const WORDS = [
  'template',
  'templates',
  'gallery',
  'onboarding',
  'checklist',
  'churn',
  'billing',
  'invite',
  'workspace',
  'video',
  'review',
  'client',
  'portal',
  'search',
  'import',
  'export',
  'nps',
  'survey',
  'dashboard',
  'mobile',
  'activation',
  'email',
  'the',
  'and',
  'Café',
  '42',
];
const textArb = fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((w) => w.join(' '));

interface World {
  okrs: Okrs;
  issues: IssueSnapshot[];
  activeIds: string[];
}

const worldArb: fc.Arbitrary<World> = fc
  .record({
    krTitles: fc.array(fc.tuple(textArb, fc.boolean()), { minLength: 1, maxLength: 6 }),
    issues: fc.array(
      fc.record({
        title: textArb,
        description: textArb,
        labels: fc.array(fc.constantFrom(...WORDS), { maxLength: 2 }),
        link: fc.nat(7),
      }),
      { maxLength: 20 },
    ),
  })
  .map(({ krTitles, issues }) => {
    const okrs: Okrs = {
      objectives: krTitles.map(([title, active], i) => ({
        id: `O${i}`,
        title: `objective ${title}`,
        period: active ? Q4 : Q3,
        weight: 1,
        keyResults: [
          {
            id: `O${i}-KR1`,
            title,
            objectiveId: `O${i}`,
            baseline: 0,
            target: 1,
            current: 0,
            deadline: (active ? Q4 : Q3).end,
            progress: { source: 'manual' as const },
            checkIns: [],
            weight: 1,
          },
        ],
      })),
    };
    const ids = okrs.objectives.map((o) => `${o.id}-KR1`);
    return {
      okrs,
      activeIds: okrs.objectives.filter((o) => o.period === Q4).map((o) => `${o.id}-KR1`),
      issues: issues.map((entry, n) => ({
        key: `ENG-${n}`,
        title: entry.title,
        description: entry.description,
        status: 'done' as const,
        labels: entry.labels,
        keyResults: entry.link < ids.length ? [ids[entry.link] as string] : [],
      })),
    };
  });

const queryArb = fc.record({ title: textArb, description: textArb });
const asQuery = (q: { title: string; description: string }) => ({
  key: 'NEW-1',
  title: q.title,
  description: q.description,
  labels: [],
});

describe('KR suggestions: properties', () => {
  it('are deterministic: the same workspace and issue give the same suggestions', () => {
    fc.assert(
      fc.property(worldArb, queryArb, (world, q) => {
        const a = buildSuggester({ ...world, asOf: '2026-11-15' }).suggest(asQuery(q));
        const b = buildSuggester({ ...world, asOf: '2026-11-15' }).suggest(asQuery(q));
        expect(b).toEqual(a);
      }),
      RUNS,
    );
  });

  it('name only active key results, at most 3, scores in 0..1 best first, each with a reason', () => {
    fc.assert(
      fc.property(worldArb, queryArb, (world, q) => {
        const got = buildSuggester({ ...world, asOf: '2026-11-15' }, 0.01).suggest(asQuery(q));
        expect(got.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
        expect(new Set(got.map((s) => s.kr)).size).toBe(got.length);
        got.forEach((s, i) => {
          expect(world.activeIds).toContain(s.kr);
          expect(s.score).toBeGreaterThan(0);
          expect(s.score).toBeLessThanOrEqual(1);
          expect(s.reason).toMatch(/^shares: \S/);
          if (i > 0) {
            expect(s.score).toBeLessThanOrEqual(got[i - 1]?.score as number);
          }
        });
      }),
      RUNS,
    );
  });

  it('linking an issue to a key result never lowers that key result’s score for an identical issue', () => {
    fc.assert(
      fc.property(worldArb, queryArb, fc.nat(5), (world, q, pick) => {
        fc.pre(world.activeIds.length > 0);
        const target = world.activeIds[pick % world.activeIds.length] as string;
        const scoreOf = (issues: IssueSnapshot[]): number =>
          buildSuggester({ okrs: world.okrs, issues, asOf: '2026-11-15' }, 0)
            .suggest(asQuery(q))
            .find((s) => s.kr === target)?.score ?? 0;
        const before = scoreOf(world.issues);
        const twin: IssueSnapshot = {
          key: 'TWIN-1',
          title: q.title,
          description: q.description,
          status: 'done',
          labels: [],
          keyResults: [target],
        };
        const after = scoreOf([...world.issues, twin]);
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      RUNS,
    );
  });

  it('with the default bar, every suggestion scores at least 0.5', () => {
    fc.assert(
      fc.property(worldArb, queryArb, (world, q) => {
        for (const s of buildSuggester({ ...world, asOf: '2026-11-15' }).suggest(asQuery(q))) {
          expect(s.score).toBeGreaterThanOrEqual(0.5);
        }
      }),
      RUNS,
    );
  });
});
