import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  krStanding,
  plan,
  roadmap,
  type SprintState,
} from '../../src/core/index';
import { issue, rice } from '../fixtures/issues';
import { agencyOkrs, okrs } from '../fixtures/okrs';

const AS_OF = '2026-11-15';

function agencyRoadmap(sprintState?: (sprint: string) => SprintState | undefined) {
  const issues = [
    issue({ key: 'ENG-1', keyResults: ['O1-KR1'], rice: rice(100, 1, 100, 1), sprint: 'S12' }),
    issue({ key: 'ENG-2', keyResults: ['O1-KR1'], rice: rice(900, 1, 100, 1), sprint: 'S13' }),
    issue({ key: 'ENG-3', keyResults: ['O1-KR1'] }),
    issue({ key: 'ENG-4', keyResults: ['O0-KR1'] }),
    issue({ key: 'ENG-5', type: 'Bug', sprint: 'S11' }),
    issue({ key: 'ENG-6', keyResults: ['O1-KR2'], rice: rice(10, 1, 100, 1), sprint: 'S14' }),
  ];
  const planned = plan({ okrs: agencyOkrs(), issues, settings: DEFAULT_SETTINGS, asOf: AS_OF });
  return roadmap({ okrs: agencyOkrs(), plan: planned, ...(sprintState && { sprintState }) });
}

describe('roadmap', () => {
  it('lists the active objectives, each KR with its standing and its work best first', () => {
    const map = agencyRoadmap();
    expect(map.asOf).toBe(AS_OF);
    expect(map.objectives.map((o) => o.objective.id)).toEqual(['O1', 'O2']);
    const [nps] = map.objectives[0]?.keyResults ?? [];
    expect(nps?.kr.id).toBe('O1-KR1');
    expect(nps?.issues.map((d) => d.issue.key)).toEqual(['ENG-2', 'ENG-1', 'ENG-3']);
    expect(nps?.behindPlan).toBe(true);
    expect(nps?.progress).toBeCloseTo(4 / 15);
    expect(nps?.expected).toBeCloseTo(45 / 91);
  });

  it('reads behind plan from the core standing, whatever the schedule-boost setting', () => {
    const [o1] = agencyOkrs().objectives;
    const map = agencyRoadmap();
    for (const [n, row] of (map.objectives[0]?.keyResults ?? []).entries()) {
      const kr = o1!.keyResults[n]!;
      expect(row.behindPlan).toBe(krStanding(kr, o1!, AS_OF, true).behindPlan);
    }
    expect(map.objectives[0]?.keyResults.map((k) => k.behindPlan)).toEqual([true, false, false]);
  });

  it('names KRs without work and objectives without progress', () => {
    const map = agencyRoadmap();
    expect(map.coverage).toEqual([
      { kind: 'kr-without-work', id: 'O1-KR3', message: 'O1-KR3 has no work in the backlog' },
      { kind: 'kr-without-work', id: 'O2-KR1', message: 'O2-KR1 has no work in the backlog' },
      { kind: 'kr-without-work', id: 'O2-KR2', message: 'O2-KR2 has no work in the backlog' },
    ]);
    const idle = okrs({ id: 'O9', keyResults: [{ id: 'O9-KR1' }] });
    const empty = plan({ okrs: idle, issues: [], settings: DEFAULT_SETTINGS, asOf: AS_OF });
    expect(roadmap({ okrs: idle, plan: empty }).coverage.map((c) => c.kind)).toEqual([
      'kr-without-work',
      'objective-without-progress',
    ]);
  });

  it('keeps the Icebox in plan order', () => {
    expect(agencyRoadmap().icebox.map((d) => [d.issue.key, d.iceboxReason])).toEqual([
      [
        'ENG-4',
        'serves no active key result: O0-KR1 ended with 2026-Q3 — link it to an active key result to take it out',
      ],
    ]);
  });

  it('lists every sprint, in capacity order, without tracker states', () => {
    expect(agencyRoadmap().sprints.map((s) => [s.sprint, s.state])).toEqual([
      ['S13', null],
      ['S12', null],
      ['S14', null],
      ['S11', null],
    ]);
  });

  it('keeps the running sprints, then the first planned one, with tracker states', () => {
    const states: Record<string, SprintState> = {
      S11: 'closed',
      S12: 'future',
      S13: 'active',
      S14: 'future',
    };
    const sprints = agencyRoadmap((name) => states[name]).sprints;
    // S12 is the first planned sprint in capacity order; S14 waits; S11 is over.
    expect(sprints.map((s) => [s.sprint, s.state])).toEqual([
      ['S13', 'active'],
      ['S12', 'next'],
    ]);
  });
});
