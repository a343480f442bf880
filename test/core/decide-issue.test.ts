import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, decideIssue, plan } from '../../src/core/index';
import { issue, rice } from '../fixtures/issues';
import { agencyOkrs } from '../fixtures/okrs';

const AS_OF = '2026-11-15';

describe('decideIssue', () => {
  it('decides one issue as plan decides it in a backlog', () => {
    const issues = [
      issue({ key: 'ENG-1', keyResults: ['O1-KR1'], rice: rice(2500, 2, 80, 6) }),
      issue({ key: 'ENG-2', type: 'Bug' }),
      issue({ key: 'ENG-3', keyResults: ['O0-KR1'] }),
      issue({
        key: 'ENG-4',
        status: 'in_progress',
        keyResults: ['O2-KR1'],
        rice: rice(1, 1, 50, 1),
      }),
    ];
    const settings = { ...DEFAULT_SETTINGS, scheduleBoost: true };
    const planned = plan({ okrs: agencyOkrs(), issues, settings, asOf: AS_OF });
    for (const one of issues) {
      const inPlan = planned.issues.find((d) => d.issue.key === one.key);
      expect(decideIssue(one, agencyOkrs(), settings, AS_OF)).toEqual(inPlan);
    }
  });

  it('applies the BAU rule and the schedule boost from the settings', () => {
    const nps = issue({ key: 'ENG-1', keyResults: ['O1-KR1'], rice: rice(100, 1, 100, 1) });
    const boosted = decideIssue(
      nps,
      agencyOkrs(),
      { ...DEFAULT_SETTINGS, scheduleBoost: true },
      AS_OF,
    );
    const flat = decideIssue(
      nps,
      agencyOkrs(),
      { ...DEFAULT_SETTINGS, scheduleBoost: false },
      AS_OF,
    );
    expect(boosted.score).toBeGreaterThan(flat.score ?? Infinity);

    const chore = issue({ key: 'ENG-2', labels: ['Chore'], keyResults: ['O1-KR1'] });
    const bau = decideIssue(
      chore,
      agencyOkrs(),
      { ...DEFAULT_SETTINGS, bauLabels: ['chore'] },
      AS_OF,
    );
    expect(bau).toMatchObject({ bau: true, fixed: true, score: null, icebox: false });
  });
});

describe('fixed', () => {
  it('is set for BAU and started work, which keep their place', () => {
    const at = (fields: Parameters<typeof issue>[0]) =>
      decideIssue(issue(fields), agencyOkrs(), DEFAULT_SETTINGS, AS_OF).fixed;
    expect(at({ key: 'A', type: 'Bug' })).toBe(true);
    expect(at({ key: 'B', status: 'in_progress' })).toBe(true);
    expect(at({ key: 'C', status: 'done' })).toBe(true);
    expect(at({ key: 'D', status: 'todo', keyResults: ['O1-KR1'] })).toBe(false);
    expect(at({ key: 'E' })).toBe(false);
  });
});
