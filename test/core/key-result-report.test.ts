import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, keyResultReports, krOwner, plan, roadmap } from '../../src/core/index';
import { issue } from '../fixtures/issues';
import { okrs } from '../fixtures/okrs';

const AS_OF = '2026-11-15';
const workspace = okrs(
  {
    id: 'O1',
    owner: 'lee@example.com',
    keyResults: [
      {
        id: 'O1-KR1',
        baseline: 40,
        target: 55,
        owner: 'ana@example.com',
        checkIns: [
          { date: '2026-10-06', value: 41, note: 'Q3 survey' },
          { date: '2026-11-10', value: 47, by: 'ana@example.com' },
          { date: '2026-11-20', value: 52 },
        ],
      },
      { id: 'O1-KR2', baseline: 10, target: 8.5, current: 9.9 },
    ],
  },
  { id: 'O0', period: '2026-Q3', keyResults: [{ id: 'O0-KR1' }] },
);

describe('keyResultReports (keyrank plan JSON, PRODUCT.md §7)', () => {
  const [kr1, kr2, ended] = keyResultReports(workspace, AS_OF, DEFAULT_SETTINGS);

  it('has exactly the fields of §7, in order', () => {
    expect(Object.keys(kr1!)).toEqual([
      'id',
      'objective',
      'baseline',
      'target',
      'current',
      'progress',
      'expected',
      'lag',
      'health',
      'stale',
      'lastCheckIn',
      'checkIns',
    ]);
  });

  it('reads current from the latest check-in by the as-of day, later ones ignored', () => {
    expect(kr1).toMatchObject({
      id: 'O1-KR1',
      objective: 'O1',
      current: 47,
      health: 'on-track',
      stale: false,
      lastCheckIn: { date: '2026-11-10', value: 47 },
    });
    expect(kr1?.progress).toBeCloseTo(7 / 15);
    expect(kr1?.checkIns).toHaveLength(2);
  });

  it('a KR with a bare current: no check-in, stale, behind', () => {
    expect(kr2).toMatchObject({ current: 9.9, stale: true, lastCheckIn: null, health: 'behind' });
    expect(kr2?.lag).toBeCloseTo(1 + kr2!.expected - kr2!.progress);
  });

  it('an ended objective is listed, never stale', () => {
    expect(ended).toMatchObject({ id: 'O0-KR1', objective: 'O0', stale: false, expected: 1 });
  });

  it('krOwner: the KR’s owner, else its objective’s, else null', () => {
    const [o1] = workspace.objectives;
    expect(krOwner(o1!.keyResults[0]!, o1!)).toBe('ana@example.com');
    expect(krOwner(o1!.keyResults[1]!, o1!)).toBe('lee@example.com');
    expect(krOwner({}, {})).toBeNull();
  });
});

describe('roadmap: each KR with its status and owner', () => {
  const issues = [issue({ key: 'ENG-1', keyResults: ['O1-KR1'] })];
  const map = roadmap({
    okrs: workspace,
    plan: plan({ okrs: workspace, issues, settings: DEFAULT_SETTINGS, asOf: AS_OF }),
    settings: { ...DEFAULT_SETTINGS, staleAfterDays: 3 },
  });

  it('uses the settings it is given and the check-ins as of the plan', () => {
    const [kr1, kr2] = map.objectives[0]!.keyResults;
    expect(kr1).toMatchObject({ current: 47, owner: 'ana@example.com', stale: true });
    expect(kr2).toMatchObject({ owner: 'lee@example.com', health: 'behind', behindPlan: true });
  });

  it('the lag is measured from checked-in progress, not the file value', () => {
    const kr1 = map.objectives[0]!.keyResults[0]!;
    expect(kr1.lag).toBeCloseTo(1 + kr1.expected - 7 / 15);
  });
});
