import { describe, expect, it } from 'vitest';
import { validateOkrDocument } from '../../src/core/okr-file';
import {
  emptyObjective,
  fromDocument,
  nextQuarter,
  quarterAfter,
  toDocument,
} from '../../static/admin/src/okr-draft';

describe("the admin form's draft", () => {
  it.each([
    ['2026-Q1', '2026-Q2'],
    ['2026-Q3', '2026-Q4'],
    ['2026-Q4', '2027-Q1'],
    [' 2026-Q2 ', '2026-Q3'],
    ['2026-Q5', null],
    ['Q4', null],
    ['2026-10-01', null],
  ])('the quarter after %j is %j', (label, next) => {
    expect(quarterAfter(label)).toBe(next);
  });

  it.each([
    ['2026-11-30T12:00:00', '2027-Q1'],
    ['2026-01-01T00:00:00', '2026-Q2'],
    ['2026-06-30T23:00:00', '2026-Q3'],
  ])('on %s, a new objective is proposed for %s', (day, quarter) => {
    expect(nextQuarter(new Date(day))).toBe(quarter);
  });

  it('round-trips a document, leaving empty optional fields out and typed text as text', () => {
    const document = {
      objectives: [
        {
          id: 'O1',
          title: 'Grow',
          period: { start: '2026-10-01', end: '2026-12-31' },
          weight: 2,
          keyResults: [
            {
              id: 'O1-KR1',
              title: 'NPS',
              baseline: 40,
              target: 55,
              unit: 'NPS',
              progress: { source: 'query' as const, jql: 'project = ENG', measure: 'sum:effort' },
            },
          ],
        },
      ],
    };
    const drafts = fromDocument(document);
    expect(toDocument(drafts)).toEqual(document);
    expect(validateOkrDocument(toDocument(drafts)).ok).toBe(true);

    const kr = drafts[0]!.keyResults[0]!;
    drafts[0]!.keyResults[0] = { ...kr, target: ' abc ', weight: '', current: '1,200' };
    expect(toDocument(drafts).objectives[0]).toMatchObject({
      keyResults: [{ target: 'abc', current: 1200 }],
    });
    const result = validateOkrDocument(toDocument(drafts));
    expect(result.ok ? [] : result.errors.map((e) => [e.path, e.message])).toEqual([
      ['objectives[0].keyResults[0].target', 'must be a number (got "abc")'],
    ]);
  });

  it('gives a new objective and its first KR ids nobody uses yet', () => {
    const drafts = fromDocument({
      objectives: [
        {
          id: 'O1',
          title: 'A',
          period: '2026-Q4',
          keyResults: [{ id: 'O2-KR1', title: 'x', baseline: 0, target: 1 }],
        },
        {
          id: 'O2',
          title: 'B',
          period: '2026-Q4',
          keyResults: [{ id: 'O3', title: 'y', baseline: 0, target: 1 }],
        },
      ],
    });
    const added = emptyObjective(drafts, '2027-Q1');
    expect([added.id, added.keyResults[0]?.id, added.quarter]).toEqual(['O4', 'O4-KR1', '2027-Q1']);
  });
});
