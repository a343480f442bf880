import { describe, expect, it } from 'vitest';
import {
  linkedDoneCheckIns,
  linkedDoneValue,
  measureField,
  ProgressSourceSchema,
} from '../../src/core/index';
import { issue, rice } from '../fixtures/issues';
import { okrs } from '../fixtures/okrs';

const KR = { id: 'O1-KR1', baseline: 10, target: 30 };
const backlog = [
  issue({ key: 'ENG-1', keyResults: ['O1-KR1'], status: 'done', estimate: 8 }),
  issue({ key: 'ENG-2', keyResults: ['O1-KR1'], status: 'in_progress', estimate: 1 }),
  issue({ key: 'ENG-3', keyResults: ['O1-KR1', 'O2-KR1'], rice: rice(100, 1, 80, 3) }),
  issue({ key: 'ENG-4', keyResults: ['O2-KR1'], status: 'done' }),
];

describe('linkedDoneValue', () => {
  it('by count: 1 of 3 linked issues done → a third of the way', () => {
    expect(linkedDoneValue(KR, 'count', backlog)).toBeCloseTo(10 + 20 / 3);
  });

  it('by effort: estimate, else RICE effort, else 1 → 8 of 12', () => {
    expect(linkedDoneValue(KR, 'effort', backlog)).toBeCloseTo(10 + (20 * 8) / 12);
  });

  it('a "reduce" KR moves down', () => {
    expect(linkedDoneValue({ ...KR, baseline: 30, target: 10 }, 'count', backlog)).toBeCloseTo(
      30 - 20 / 3,
    );
  });

  it('no linked work is no evidence: null', () => {
    expect(linkedDoneValue({ ...KR, id: 'O3-KR1' }, 'count', backlog)).toBeNull();
  });
});

describe('linkedDoneCheckIns', () => {
  const workspace = okrs(
    {
      id: 'O1',
      keyResults: [
        {
          id: 'O1-KR1',
          baseline: 0,
          target: 100,
          progress: { source: 'linked-done', by: 'count' },
        },
      ],
    },
    { id: 'O2', keyResults: [{ id: 'O2-KR1', baseline: 0, target: 100 }] },
  );

  it('only for linked-done KRs, dated the as-of day, source linked-done', () => {
    const added = linkedDoneCheckIns(workspace, backlog, '2026-11-30');
    expect([...added.keys()]).toEqual(['O1-KR1']);
    expect(added.get('O1-KR1')?.[0]).toMatchObject({ date: '2026-11-30', source: 'linked-done' });
    expect(added.get('O1-KR1')?.[0]?.value).toBe(33.3333);
  });

  it('nothing when the value has not changed', () => {
    const kr = workspace.objectives[0]?.keyResults[0];
    const same = okrs({
      id: 'O1',
      keyResults: [{ ...kr!, checkIns: [{ date: '2026-11-01', value: 33.3333 }] }],
    });
    expect(linkedDoneCheckIns(same, backlog, '2026-11-30').size).toBe(0);
  });
});

describe('ProgressSourceSchema', () => {
  it.each([
    [{ source: 'manual' }, { source: 'manual' }],
    [{ source: 'linked-done' }, { source: 'linked-done', by: 'count' }],
    [
      { source: 'query', jql: 'project = ENG AND statusCategory = Done' },
      { source: 'query', jql: 'project = ENG AND statusCategory = Done', measure: 'count' },
    ],
    [
      {
        source: 'query',
        linear: { team: 'ENG', labels: ['onboarding'], state: 'completed' },
        measure: 'sum:estimate',
      },
      {
        source: 'query',
        linear: { team: 'ENG', labels: ['onboarding'], state: 'completed' },
        measure: 'sum:estimate',
      },
    ],
    [{ source: 'push' }, { source: 'push' }],
  ])('accepts %j', (input, output) => {
    expect(ProgressSourceSchema.parse(input)).toEqual(output);
  });

  it.each([
    [{ source: 'survey' }],
    [{ source: 'query' }],
    [{ source: 'query', jql: 'x', measure: 'avg:estimate' }],
    [{ source: 'linked-done', by: 'points' }],
    [{ source: 'manual', jql: 'x' }],
    [{ source: 'query', linear: { team: 'ENG', state: 'done' } }],
  ])('refuses %j', (input) => {
    expect(ProgressSourceSchema.safeParse(input).success).toBe(false);
  });

  it('measureField names the summed field', () => {
    expect(measureField('count')).toBeNull();
    expect(measureField('sum:customfield_10016')).toBe('customfield_10016');
  });
});
