import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  checkCapacity,
  effortOf,
  plan,
  type CapacityItem,
} from '../../src/core/index';
import { issue, rice } from '../fixtures/issues';
import { agencyOkrs } from '../fixtures/okrs';

const BAND = { okrMin: 60, okrMax: 70 };

function item(
  key: string,
  kind: CapacityItem['kind'],
  effort: number,
  fields: Partial<CapacityItem> = {},
): CapacityItem {
  return {
    key,
    kind,
    effort,
    sprint: null,
    score: kind === 'okr' ? 100 : null,
    status: 'todo',
    icebox: false,
    ...fields,
  };
}

describe('effortOf: the estimate, else RICE effort, else 1', () => {
  it.each<[number | null | undefined, number | undefined, number]>([
    [3, 5, 3],
    [0, 5, 0],
    [null, 5, 5],
    [undefined, 0.5, 0.5],
    [null, undefined, 1],
    [undefined, undefined, 1],
  ])('estimate %j, RICE effort %j → %d', (estimate, riceEffort, effort) => {
    expect(effortOf(estimate, riceEffort)).toBe(effort);
  });
});

describe('checkCapacity: shares', () => {
  it('splits a sprint into OKR, BAU and unaligned shares of its effort, in percent', () => {
    const [report] = checkCapacity(
      [
        item('ENG-106', 'okr', 5, { sprint: 'Sprint 13' }),
        item('ENG-110', 'bau', 3, { sprint: 'Sprint 13' }),
        item('ENG-127', 'unaligned', 2, { sprint: 'Sprint 13', icebox: true }),
        item('ENG-113', 'bau', 2, { sprint: 'Sprint 13' }),
      ],
      BAND,
    );
    expect(report).toMatchObject({
      sprint: 'Sprint 13',
      effort: { okr: 5, bau: 5, unaligned: 2, total: 12 },
      okr: 41.7,
      bau: 41.7,
      unaligned: 16.7,
    });
  });

  it('reports one entry per sprint, in the order sprints first appear, ignoring unplanned work', () => {
    const reports = checkCapacity(
      [
        item('ENG-140', 'okr', 3, { sprint: 'Sprint 13' }),
        item('ENG-141', 'okr', 8),
        item('ENG-142', 'okr', 2, { sprint: 'Sprint 12' }),
        item('ENG-143', 'bau', 2, { sprint: 'Sprint 13' }),
        item('ENG-144', 'bau', 1, { sprint: 'Sprint 12' }),
      ],
      BAND,
    );
    expect(reports.map((r) => [r.sprint, r.effort.total, r.okr])).toEqual([
      ['Sprint 13', 5, 60],
      ['Sprint 12', 3, 66.7],
    ]);
  });

  it('counts started and finished sprint work in the shares', () => {
    const [report] = checkCapacity(
      [
        item('ENG-101', 'okr', 8, { sprint: 'Sprint 12', status: 'in_progress' }),
        item('ENG-104', 'okr', 3, { sprint: 'Sprint 12', status: 'done' }),
        item('ENG-115', 'bau', 5, { sprint: 'Sprint 12', status: 'done' }),
      ],
      BAND,
    );
    expect(report?.effort.total).toBe(16);
    expect(report?.okr).toBe(68.8);
  });

  it('has all-zero shares and no warning for a sprint without effort', () => {
    const [report] = checkCapacity(
      [
        item('ENG-150', 'bau', 0, { sprint: 'Sprint 14' }),
        item('ENG-151', 'unaligned', 0, { sprint: 'Sprint 14' }),
      ],
      BAND,
    );
    expect(report).toEqual({
      sprint: 'Sprint 14',
      effort: { okr: 0, bau: 0, unaligned: 0, total: 0 },
      okr: 0,
      bau: 0,
      unaligned: 0,
      warnings: [],
    });
  });

  it('has no report at all when no issue is in a sprint', () => {
    expect(checkCapacity([item('ENG-141', 'okr', 8)], BAND)).toEqual([]);
    expect(checkCapacity([], BAND)).toEqual([]);
  });
});

describe('checkCapacity: the 60–70% band', () => {
  it.each([
    ['exactly the lower bound', 6, 4],
    ['exactly the upper bound', 7, 3],
    ['inside', 13, 7],
  ])('raises no warning %s', (_name, okr, bau) => {
    const [report] = checkCapacity(
      [item('ENG-1', 'okr', okr, { sprint: 'S' }), item('ENG-2', 'bau', bau, { sprint: 'S' })],
      BAND,
    );
    expect(report?.warnings).toEqual([]);
  });

  it.each([
    ['just below', 5.9, 4.1, 'below'],
    ['just above', 7.1, 2.9, 'above'],
  ])('warns %s', (_name, okr, bau, direction) => {
    const [report] = checkCapacity(
      [item('ENG-1', 'okr', okr, { sprint: 'S' }), item('ENG-2', 'bau', bau, { sprint: 'S' })],
      BAND,
    );
    expect(report?.warnings.map((w) => w.direction)).toEqual([direction]);
  });

  it('uses the band from the settings', () => {
    const items = [
      item('ENG-1', 'okr', 5, { sprint: 'S' }),
      item('ENG-2', 'bau', 5, { sprint: 'S' }),
    ];
    expect(checkCapacity(items, { okrMin: 40, okrMax: 50 })[0]?.warnings).toEqual([]);
    expect(checkCapacity(items, BAND)[0]?.warnings).toHaveLength(1);
  });
});

describe('checkCapacity: below the band', () => {
  // Sprint 13: OKR 5 of 12 (41.7%). To reach 60% it needs 5.5 more OKR effort, or 3.67 less
  // other work; taking out more than 4.86 would push it above 70%.
  const sprint13 = [
    item('ENG-106', 'okr', 5, { sprint: 'Sprint 13', score: 1200 }),
    item('ENG-110', 'bau', 3, { sprint: 'Sprint 13' }),
    item('ENG-127', 'unaligned', 2, { sprint: 'Sprint 13', icebox: true }),
    item('ENG-113', 'bau', 2, { sprint: 'Sprint 13' }),
  ];
  const backlog = [
    item('ENG-105', 'okr', 3, { score: 900 }),
    // no score yet: not a suggestion
    item('ENG-129', 'okr', 2, { score: null }),
    // started elsewhere: not a suggestion
    item('ENG-130', 'okr', 1, { status: 'in_progress' }),
    item('ENG-123', 'unaligned', 3, { icebox: true }),
    item('ENG-111', 'bau', 2),
    item('ENG-107', 'okr', 4, { score: 500 }),
    item('ENG-108', 'okr', 2, { score: 300 }),
  ];

  const [report] = checkCapacity([...sprint13, ...backlog], BAND);
  const warning = report?.warnings[0];

  it('warns once, naming the share and the band', () => {
    expect(report?.warnings).toHaveLength(1);
    expect(warning?.direction).toBe('below');
    expect(warning?.message).toMatch(/^OKR work is 41\.7% of Sprint 13 \(target 60–70%\): /);
  });

  it('suggests the best-ranked scored, open, unplanned OKR work until the band is reached', () => {
    // ENG-105 + ENG-107 = 7 ≥ 5.5: (5 + 7) / 19 = 63%
    expect(warning?.add).toEqual(['ENG-105', 'ENG-107']);
  });

  it('suggests taking unaligned work out before BAU, without overshooting the band', () => {
    // ENG-127 + ENG-110 = 5 would leave 5 / 7 = 71% OKR; ENG-127 + ENG-113 = 4 leaves 62.5%
    expect(warning?.remove).toEqual(['ENG-127', 'ENG-113']);
  });

  it('says both fixes in one sentence', () => {
    expect(warning?.message).toBe(
      'OKR work is 41.7% of Sprint 13 (target 60–70%): add OKR work ENG-105, ENG-107, or take ENG-127, ENG-113 out of it',
    );
  });

  it('never suggests an addition that jumps past the band', () => {
    const [big] = checkCapacity(
      [
        item('ENG-106', 'okr', 5, { sprint: 'Sprint 13' }),
        item('ENG-110', 'bau', 5, { sprint: 'Sprint 13', status: 'in_progress' }),
        // 25 / 30 = 83%: fixes "below" by landing above
        item('ENG-160', 'okr', 20, { score: 5000 }),
        // 7 / 12 = 58%: not enough alone, but with ENG-162: 10 / 15 = 67%
        item('ENG-161', 'okr', 2, { score: 400 }),
        item('ENG-162', 'okr', 3, { score: 300 }),
      ],
      BAND,
    );
    expect(big?.warnings[0]?.add).toEqual(['ENG-161', 'ENG-162']);
  });

  it('does not suggest emptying a sprint that has no OKR work at all', () => {
    const [none] = checkCapacity(
      [
        item('ENG-110', 'bau', 3, { sprint: 'Sprint 13' }),
        item('ENG-127', 'unaligned', 2, { sprint: 'Sprint 13' }),
        item('ENG-105', 'okr', 8, { score: 900 }),
      ],
      BAND,
    );
    // 8 / 13 = 61.5%
    expect(none?.warnings[0]).toMatchObject({ add: ['ENG-105'], remove: [] });
  });

  it('says so when nothing in the backlog can fix it', () => {
    const [stuck] = checkCapacity(
      [
        item('ENG-109', 'bau', 5, { sprint: 'Sprint 12', status: 'in_progress' }),
        item('ENG-112', 'bau', 3, { sprint: 'Sprint 12', status: 'done' }),
        item('ENG-123', 'unaligned', 3, { icebox: true }),
      ],
      BAND,
    );
    expect(stuck?.warnings).toEqual([
      {
        direction: 'below',
        add: [],
        remove: [],
        message: 'OKR work is 0% of Sprint 12 (target 60–70%); no backlog issue can fix it alone',
      },
    ]);
  });
});

describe('checkCapacity: above the band', () => {
  // Sprint 12: OKR 16 of 18 (88.9%). To get down to 70% it needs 4.86 more BAU effort (at most
  // 8.67, or it drops below 60%), or 11.33 less OKR work.
  const items = [
    item('ENG-101', 'okr', 8, { sprint: 'Sprint 12', status: 'in_progress', score: 2000 }),
    item('ENG-104', 'okr', 3, { sprint: 'Sprint 12', score: 800 }),
    item('ENG-102', 'okr', 5, { sprint: 'Sprint 12', score: 300 }),
    item('ENG-109', 'bau', 2, { sprint: 'Sprint 12', status: 'in_progress' }),
    item('ENG-105', 'okr', 3, { score: 900 }),
    item('ENG-111', 'bau', 3),
    item('ENG-116', 'bau', 2, { status: 'in_progress' }),
    item('ENG-112', 'bau', 2),
  ];
  const [report] = checkCapacity(items, BAND);

  it('suggests open, unplanned BAU work in backlog order', () => {
    expect(report?.warnings[0]).toMatchObject({ direction: 'above', add: ['ENG-111', 'ENG-112'] });
  });

  it('suggests no removal when taking out every open OKR issue is not enough', () => {
    expect(report?.warnings[0]?.remove).toEqual([]);
    expect(report?.warnings[0]?.message).toBe(
      'OKR work is 88.9% of Sprint 12 (target 60–70%): add BAU work ENG-111, ENG-112',
    );
  });

  it('suggests taking out the lowest-scored open OKR work first', () => {
    const [lean] = checkCapacity(
      [
        item('ENG-104', 'okr', 3, { sprint: 'Sprint 12', score: 800 }),
        item('ENG-102', 'okr', 2, { sprint: 'Sprint 12', score: 300 }),
        item('ENG-118', 'okr', 2, { sprint: 'Sprint 12', score: null }),
        item('ENG-106', 'okr', 3, { sprint: 'Sprint 12', score: 1200 }),
        item('ENG-109', 'bau', 3, { sprint: 'Sprint 12' }),
      ],
      BAND,
    );
    // OKR 10 of 13 (76.9%): taking out 2 (ENG-118, no score yet) leaves 8 / 11 = 72.7%;
    // with ENG-102 as well, 6 / 9 = 66.7%
    expect(lean?.warnings[0]?.remove).toEqual(['ENG-118', 'ENG-102']);
    expect(lean?.warnings[0]?.add).toEqual([]);
  });
});

describe('capacity inside a plan: effort = estimate, else RICE effort, else 1', () => {
  const { capacity } = plan({
    okrs: agencyOkrs(),
    settings: DEFAULT_SETTINGS,
    asOf: '2026-11-15',
    issues: [
      issue({
        key: 'ENG-101',
        title: 'Redesign the dashboard UI',
        status: 'in_progress',
        keyResults: ['O1-KR1'],
        rice: rice(2500, 2, 80, 6),
        estimate: 8,
        sprint: 'Sprint 12',
      }),
      issue({
        key: 'ENG-102',
        title: 'At-risk account notifications',
        status: 'todo',
        keyResults: ['O1-KR2'],
        rice: rice(600, 3, 80, 4),
        sprint: 'Sprint 12',
      }),
      issue({
        key: 'ENG-109',
        title: 'Gantt timeline drops task dependencies',
        type: 'Bug',
        status: 'in_progress',
        sprint: 'Sprint 12',
      }),
      issue({
        key: 'ENG-110',
        title: 'Time entries double-counted across DST',
        type: 'Bug',
        status: 'todo',
        rice: { effort: 3 },
        sprint: 'Sprint 12',
      }),
      issue({
        key: 'ENG-127',
        title: 'Custom emoji reactions on comments',
        type: 'Improvement',
        status: 'todo',
        estimate: 0,
        rice: rice(300, 0.25, 50, 2),
        sprint: 'Sprint 12',
      }),
    ],
  });

  it('takes each issue’s effort from the right place', () => {
    // ENG-101 estimate 8 (not RICE 6), ENG-102 RICE 4, ENG-109 1, ENG-110 RICE effort 3
    // though the bug has no other RICE field, ENG-127 estimate 0 (not RICE 2)
    expect(capacity).toHaveLength(1);
    expect(capacity[0]?.effort).toEqual({ okr: 12, bau: 4, unaligned: 0, total: 16 });
    expect(capacity[0]?.okr).toBe(75);
  });

  it('names the share and the fix', () => {
    expect(capacity[0]?.warnings.map((w) => w.message)).toEqual([
      'OKR work is 75% of Sprint 12 (target 60–70%): take ENG-102 out of it',
    ]);
  });
});
