import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  applyMoves,
  plan,
  type IssueDecision,
  type IssueSnapshot,
  type Plan,
  type Settings,
} from '../../src/core/index';
import { issue, rice } from '../fixtures/issues';
import { agencyOkrs } from '../fixtures/okrs';

/**
 * A creative-agency PM tool's backlog in its current order, planned as of 2026-11-15 against
 * `agencyOkrs()`. There O1-KR1 (NPS) is behind plan (lag 1 + 45/91 − 4/15 ≈ 1.23); every other
 * live KR is on or ahead of plan (lag 1); O2 counts double; O0-KR1 ended with 2026-Q3.
 */
function agencyBacklog(): IssueSnapshot[] {
  return [
    issue({
      key: 'ENG-101',
      title: 'Redesign the dashboard UI for better clarity',
      status: 'in_progress',
      labels: ['ui', 'dashboard'],
      keyResults: ['O1-KR1'],
      rice: rice(2500, 2, 80, 6),
      estimate: 8,
      sprint: 'Sprint 12',
    }),
    issue({
      key: 'ENG-123',
      title: 'Dark mode',
      type: 'Improvement',
      labels: ['ui'],
      rice: rice(1800, 0.5, 80, 3),
    }),
    issue({
      key: 'ENG-109',
      title: 'Gantt timeline: drag-and-drop drops task dependencies',
      type: 'Bug',
      status: 'todo',
      labels: ['timeline'],
      estimate: 3,
      sprint: 'Sprint 12',
    }),
    // RICE 900 × 1 × 50% / 5 = 90, × O1-KR2 1.00
    issue({
      key: 'ENG-131',
      title: 'Resource planning heatmap per creative role',
      keyResults: ['O1-KR2'],
      rice: rice(900, 1, 50, 5),
    }),
    // RICE 448 × (O1-KR1 1.23 + O2-KR2 2.00)
    issue({
      key: 'ENG-106',
      title: 'Slack integration: post project updates and client approvals to channels',
      status: 'todo',
      labels: ['integrations', 'slack'],
      keyResults: ['O1-KR1', 'O2-KR2'],
      rice: rice(1400, 2, 80, 5),
      estimate: 5,
      sprint: 'Sprint 12',
    }),
    issue({
      key: 'ENG-117',
      title: 'Search in the template gallery',
      keyResults: ['O1-KR3'],
      rice: { reach: 1200, impact: 2 },
    }),
    issue({
      key: 'ENG-118',
      title: 'Client approval reminders by email',
      keyResults: ['O2-KR1'],
      rice: rice(700, 1, 0.8, 2),
    }),
    // RICE 800 × 2 × 80% / 4 = 320, × O1-KR3 1.00 = 320
    issue({
      key: 'ENG-103',
      title: '10 pre-made templates for video production workflows',
      keyResults: ['O1-KR3'],
      rice: rice(800, 2, '80%', 4),
    }),
    issue({
      key: 'ENG-112',
      title: 'Migrate file storage to AWS SDK v3 (v2 end of support)',
      type: 'Task',
      labels: ['maintenance', 'assets'],
      estimate: 3,
    }),
    // RICE 400 × 1 × 80% / 2 = 160, × O2-KR2 2.00 = 320: ties with ENG-103
    issue({
      key: 'ENG-105',
      title: 'Onboarding checklist: remind admins of unfinished steps',
      keyResults: ['O2-KR2'],
      rice: rice(400, 'medium', 80, 2),
    }),
    issue({
      key: 'ENG-104',
      title: 'Onboarding checklist v1 behind a feature flag',
      status: 'done',
      keyResults: ['O0-KR1'],
      estimate: 3,
    }),
    issue({
      key: 'ENG-121',
      title: 'Client-facing project status page',
      keyResults: ['01-KR1'],
      rice: rice(700, 1, 80, 3),
    }),
    issue({
      key: 'ENG-122',
      title: 'Public API: webhooks for task and project events',
      keyResults: ['O0-KR1'],
    }),
    // RICE 500 × 0.5 × 100% / 1 = 250, × O1-KR2 1.00
    issue({
      key: 'ENG-128',
      title: 'Brand asset library per client',
      status: 'todo',
      keyResults: ['O1-KR2'],
      rice: rice(500, 0.5, 100, 1),
    }),
  ];
}

function planOf(
  issues: IssueSnapshot[],
  options: { asOf?: string; settings?: Partial<Settings> } = {},
): Plan {
  return plan({
    okrs: agencyOkrs(),
    issues,
    asOf: options.asOf ?? '2026-11-15',
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
  });
}

function byKey(p: Plan, key: string): IssueDecision {
  const decision = p.issues.find((d) => d.issue.key === key);
  if (!decision) {
    throw new Error(`${key} is not in the plan`);
  }
  return decision;
}

const keys = (p: Plan): string[] => p.issues.map((d) => d.issue.key);
const NPS_LAG = 1 + 45 / 91 - 4 / 15;

describe('plan: an agency backlog end to end', () => {
  const backlog = agencyBacklog();
  const result = planOf(backlog);

  it('orders the backlog: fixed issues stay, then scores, then no score yet, then the Icebox', () => {
    expect(keys(result)).toEqual([
      'ENG-101', // in progress: stays first
      'ENG-106', // 1446.07
      'ENG-109', // BAU: stays third
      'ENG-103', // 320
      'ENG-105', // 320 (tie: keeps its place after ENG-103)
      'ENG-128', // 250
      'ENG-131', // 90
      'ENG-117', // no score: RICE missing
      'ENG-112', // BAU: stays ninth
      'ENG-118', // no score: RICE invalid
      'ENG-104', // done: stays eleventh
      'ENG-123', // Icebox
      'ENG-121', // Icebox
      'ENG-122', // Icebox
    ]);
  });

  it.each(['ENG-101', 'ENG-109', 'ENG-112', 'ENG-104'])(
    'keeps started and BAU issue %s at its position',
    (key) => {
      expect(keys(result).indexOf(key)).toBe(backlog.findIndex((i) => i.key === key));
    },
  );

  it('scores RICE × alignment', () => {
    expect(byKey(result, 'ENG-106').score).toBeCloseTo(448 * (NPS_LAG + 2), 9);
    expect(byKey(result, 'ENG-103').score).toBe(320);
    expect(byKey(result, 'ENG-105').score).toBe(320);
    expect(byKey(result, 'ENG-128').score).toBe(250);
    expect(byKey(result, 'ENG-131').score).toBe(90);
    // started work is scored too; it just does not move
    expect(byKey(result, 'ENG-101').score).toBeCloseTo((2500 * 2 * 0.8 * NPS_LAG) / 6, 9);
  });

  it('explains every score', () => {
    expect(byKey(result, 'ENG-106').explanation).toBe(
      'RICE 1400 × 2 × 80% / 5 = 448 · O1-KR1 ×1.23 (behind plan) + O2-KR2 ×2.00 = 3.23 · score 1446.07',
    );
    expect(byKey(result, 'ENG-105').explanation).toBe(
      'RICE 400 × 1 × 80% / 2 = 160 · O2-KR2 ×2.00 = 2.00 · score 320',
    );
  });

  it('lists the active KRs each issue serves', () => {
    expect(byKey(result, 'ENG-106').keyResults.map((s) => s.kr.id)).toEqual(['O1-KR1', 'O2-KR2']);
    expect(byKey(result, 'ENG-106').alignment).toBeCloseTo(NPS_LAG + 2, 12);
    expect(byKey(result, 'ENG-122').keyResults).toEqual([]);
  });

  it('gives a linked issue with missing RICE a null score and names the fields, without iceboxing it', () => {
    expect(byKey(result, 'ENG-117')).toMatchObject({
      score: null,
      rice: null,
      kind: 'okr',
      icebox: false,
      problems: ['needs RICE: confidence, effort'],
      explanation:
        'O1-KR3 ×1.00 = 1.00 · no score until RICE is fixed: needs RICE: confidence, effort',
    });
  });

  it('gives a linked issue with invalid RICE a null score and says what is accepted', () => {
    expect(byKey(result, 'ENG-118')).toMatchObject({
      score: null,
      kind: 'okr',
      icebox: false,
      problems: ['confidence is a percentage between 1 and 100 — did you mean 80?'],
    });
    expect(byKey(result, 'ENG-118').keyResults.map((s) => s.kr.id)).toEqual(['O2-KR1']);
  });

  it('iceboxes unlinked and dead-linked work with the reason', () => {
    expect(result.issues.filter((d) => d.icebox).map((d) => [d.issue.key, d.iceboxReason])).toEqual(
      [
        ['ENG-123', 'serves no key result — link it to an active key result to take it out'],
        [
          'ENG-121',
          'serves no active key result: 01-KR1 is not a known key result — did you mean O1-KR1? — link it to an active key result to take it out',
        ],
        [
          'ENG-122',
          'serves no active key result: O0-KR1 ended with 2026-Q3 — link it to an active key result to take it out',
        ],
      ],
    );
  });

  it('reports no problems for done work, however stale', () => {
    expect(byKey(result, 'ENG-104')).toMatchObject({ problems: [], icebox: false, score: null });
  });

  it('reports dead links as problems on open work', () => {
    expect(byKey(result, 'ENG-121').problems).toEqual([
      '01-KR1 is not a known key result — did you mean O1-KR1?',
    ]);
    expect(byKey(result, 'ENG-122').problems).toEqual(['O0-KR1 ended with 2026-Q3']);
  });

  it('marks BAU work and leaves it unscored', () => {
    expect(result.issues.filter((d) => d.bau).map((d) => d.issue.key)).toEqual([
      'ENG-109',
      'ENG-112',
    ]);
    expect(byKey(result, 'ENG-109')).toMatchObject({ score: null, kind: 'bau', problems: [] });
  });

  it('expresses the new order as moves that never move a fixed issue', () => {
    const current = backlog.map((i) => i.key);
    expect(applyMoves(current, result.moves)).toEqual(keys(result));
    const fixed = new Set(['ENG-101', 'ENG-109', 'ENG-112', 'ENG-104']);
    expect(result.moves.filter((m) => fixed.has(m.key))).toEqual([]);
    expect(result.moves.length).toBeGreaterThan(0);
  });

  it('needs no moves to re-plan its own result', () => {
    const again = planOf(result.issues.map((d) => d.issue));
    expect(again.moves).toEqual([]);
    expect(keys(again)).toEqual(keys(result));
  });

  it('checks the sprint capacity on the new order', () => {
    // Sprint 12: OKR 8 + 5 of 16 (81.3%); ENG-112 (3) brings it to 13 / 19 = 68.4%
    expect(result.capacity).toEqual([
      {
        sprint: 'Sprint 12',
        effort: { okr: 13, bau: 3, unaligned: 0, total: 16 },
        okr: 81.3,
        bau: 18.8,
        unaligned: 0,
        warnings: [
          {
            direction: 'above',
            add: ['ENG-112'],
            remove: [],
            message: 'OKR work is 81.3% of Sprint 12 (target 60–70%): add BAU work ENG-112',
          },
        ],
      },
    ]);
  });

  it('returns the as-of date it planned for', () => {
    expect(result.asOf).toBe('2026-11-15');
  });
});

describe('plan: ties keep their current relative order', () => {
  it.each([
    [
      ['ENG-103', 'ENG-105'],
      ['ENG-103', 'ENG-105'],
    ],
    [
      ['ENG-105', 'ENG-103'],
      ['ENG-105', 'ENG-103'],
    ],
  ])('%j → %j', (order, expected) => {
    const all = agencyBacklog();
    const issues = order.map((key) => all.find((i) => i.key === key)!);
    // a lower-scored issue in front makes both move
    const result = planOf([all.find((i) => i.key === 'ENG-131')!, ...issues]);
    expect(byKey(result, 'ENG-103').score).toBe(byKey(result, 'ENG-105').score);
    expect(keys(result)).toEqual([...expected, 'ENG-131']);
  });
});

describe('plan: one bad issue does not affect the others', () => {
  const strip = (d: IssueDecision) => ({
    key: d.issue.key,
    score: d.score,
    icebox: d.icebox,
    problems: d.problems,
    explanation: d.explanation,
  });

  it.each<[string, Partial<IssueSnapshot>]>([
    ['nonsense RICE', { rice: { reach: 'lots', impact: 'huge', confidence: 0, effort: -1 } }],
    ['an unknown KR', { keyResults: ['O1 KR 1'] }],
    ['an overflowing reach', { rice: rice('1e999', 2, 80, 4) }],
    ['a finite reach over a tiny effort', { rice: rice(1e308, 2, 80, 1e-308) }],
    [
      'a RICE value finite only until the alignment multiplies it',
      { rice: rice(1e308, 3, 100, 1) },
    ],
  ])('%s on ENG-103', (_name, change) => {
    const clean = planOf(agencyBacklog());
    const dirty = planOf(
      agencyBacklog().map((i) => (i.key === 'ENG-103' ? { ...i, ...change } : i)),
    );
    expect(byKey(dirty, 'ENG-103').score).toBeNull();
    expect(byKey(dirty, 'ENG-103').problems).not.toEqual([]);
    const others = (p: Plan) =>
      p.issues
        .filter((d) => d.issue.key !== 'ENG-103')
        .map(strip)
        .sort((a, b) => a.key.localeCompare(b.key));
    expect(others(dirty)).toEqual(others(clean));
    expect(dirty.issues.every((d) => d.score === null || Number.isFinite(d.score))).toBe(true);
  });

  it('names a score too large to compute as a problem, never Infinity, and does not icebox it', () => {
    const dirty = planOf(
      agencyBacklog().map((i) =>
        i.key === 'ENG-103' ? { ...i, rice: rice(1e308, 2, 80, 1e-308) } : i,
      ),
    );
    const decision = byKey(dirty, 'ENG-103');
    expect(decision.problems).toContain(
      'reach × impact × confidence / effort is too large to score',
    );
    expect(decision.icebox).toBe(false);
    expect(decision.explanation).not.toMatch(/Infinity/);
    // A null score ranks after every scored issue, never first.
    const scored = dirty.issues.filter((d) => d.score !== null).map((d) => d.issue.key);
    const position = (key: string) => dirty.issues.findIndex((d) => d.issue.key === key);
    expect(
      scored.every(
        (key) =>
          position(key) < position('ENG-103') ||
          byKey(dirty, key).bau ||
          byKey(dirty, key).issue.status !== 'backlog',
      ),
    ).toBe(true);
  });
});

describe('plan: settings and the as-of date', () => {
  it('scores without the schedule boost when it is off', () => {
    const result = planOf(agencyBacklog(), { settings: { scheduleBoost: false } });
    expect(byKey(result, 'ENG-106').score).toBe(448 * 3);
    expect(byKey(result, 'ENG-106').explanation).toBe(
      'RICE 1400 × 2 × 80% / 5 = 448 · O1-KR1 ×1.00 + O2-KR2 ×2.00 = 3.00 · score 1344',
    );
  });

  it('uses the workspace BAU types', () => {
    const result = planOf(agencyBacklog(), { settings: { bauTypes: [] } });
    // the bug is no longer BAU: not started, serves no KR, so it goes to the Icebox and may move
    expect(byKey(result, 'ENG-109')).toMatchObject({ bau: false, icebox: true });
    expect(result.issues.filter((d) => d.icebox).map((d) => d.issue.key)).toEqual([
      'ENG-123',
      'ENG-109',
      'ENG-121',
      'ENG-122',
    ]);
    expect(keys(result).indexOf('ENG-109')).toBe(11);
  });

  it('sends work for last quarter’s KRs to the Icebox once the quarter is over', () => {
    const result = planOf(agencyBacklog(), { asOf: '2027-01-10' });
    expect(byKey(result, 'ENG-103')).toMatchObject({
      score: null,
      icebox: true,
      iceboxReason:
        'serves no active key result: O1-KR3 ended with 2026-Q4 — link it to an active key result to take it out',
    });
    expect(result.issues.filter((d) => d.score !== null)).toEqual([]);
    // started work is never iceboxed
    expect(byKey(result, 'ENG-101').icebox).toBe(false);
  });
});

describe('plan: edge cases', () => {
  it('plans an empty backlog', () => {
    expect(planOf([])).toEqual({ asOf: '2026-11-15', issues: [], moves: [], capacity: [] });
  });

  it('needs no moves for a backlog that is already in order', () => {
    const all = agencyBacklog();
    const result = planOf(
      ['ENG-106', 'ENG-103', 'ENG-128', 'ENG-123'].map((key) => all.find((i) => i.key === key)!),
    );
    expect(keys(result)).toEqual(['ENG-106', 'ENG-103', 'ENG-128', 'ENG-123']);
    expect(result.moves).toEqual([]);
  });
});
