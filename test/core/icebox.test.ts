import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  bauRule,
  decide,
  iceboxExplanation,
  iceboxReason,
  prepareKeyResults,
  type IssueStatus,
} from '../../src/core/index';
import { issue, rice } from '../fixtures/issues';
import { agencyOkrs } from '../fixtures/okrs';

const NO_KR = 'serves no key result — link it to an active key result to take it out';

describe('iceboxReason: not started, not BAU, no active KR', () => {
  it.each<[IssueStatus, boolean, number, string[], string | null]>([
    ['backlog', false, 0, [], NO_KR],
    ['todo', false, 0, [], NO_KR],
    ['backlog', false, 1, [], null],
    ['todo', false, 2, ['O0-KR1 ended with 2026-Q3'], null],
    ['backlog', true, 0, [], null],
    ['todo', true, 0, ['O9-KR1 is not a known key result'], null],
    ['in_progress', false, 0, [], null],
    ['in_progress', false, 0, ['O0-KR1 ended with 2026-Q3'], null],
    ['done', false, 0, [], null],
    ['done', false, 0, ['O9-KR1 is not a known key result'], null],
    [
      'backlog',
      false,
      0,
      ['O9-KR1 is not a known key result'],
      'serves no active key result: O9-KR1 is not a known key result — link it to an active key result to take it out',
    ],
    [
      'todo',
      false,
      0,
      ['O1-KR1 ended with 2026-Q3', 'O9-KR1 is not a known key result'],
      'serves no active key result: O1-KR1 ended with 2026-Q3; O9-KR1 is not a known key result — link it to an active key result to take it out',
    ],
  ])(
    'status %s, bau %s, %i active links, dead %j → %j',
    (status, bau, activeLinks, deadLinks, reason) => {
      expect(iceboxReason({ status, bau, activeLinks, deadLinks })).toBe(reason);
    },
  );
});

describe('iceboxExplanation', () => {
  it.each([
    ['the usual reason', NO_KR, `Icebox: ${NO_KR}`],
    [
      'a reason naming links',
      'serves no active key result: O0-KR1 ended with 2026-Q3 — link it to an active key result to take it out',
      'Icebox: serves no active key result: O0-KR1 ended with 2026-Q3 — link it to an active key result to take it out',
    ],
  ])('words %s', (_, reason, explanation) => {
    expect(iceboxExplanation(reason)).toBe(explanation);
  });
});

describe('the Icebox on real issues (decide)', () => {
  const book = () => prepareKeyResults(agencyOkrs(), '2026-11-15', true);
  const decideOn = (fields: Parameters<typeof issue>[0]) =>
    decide(issue(fields), book(), bauRule(DEFAULT_SETTINGS));

  it.each<[string, Parameters<typeof issue>[0], string | null]>([
    [
      'an idea linked to nothing',
      { key: 'ENG-123', title: 'Dark mode', rice: rice(1800, 0.5, 80, 3) },
      NO_KR,
    ],
    [
      'a link to an unknown KR',
      { key: 'ENG-140', title: 'Client portal SSO', keyResults: ['O9-KR1'] },
      'serves no active key result: O9-KR1 is not a known key result — link it to an active key result to take it out',
    ],
    [
      'a link to a KR that ended',
      { key: 'ENG-122', title: 'Public API: webhooks for task events', keyResults: ['O0-KR1'] },
      'serves no active key result: O0-KR1 ended with 2026-Q3 — link it to an active key result to take it out',
    ],
    [
      'a link to next quarter’s KR',
      {
        key: 'ENG-150',
        title: 'Multi-agency network billing',
        status: 'todo',
        keyResults: ['O3-KR1'],
      },
      'serves no active key result: O3-KR1 starts with 2027-Q1 — link it to an active key result to take it out',
    ],
    [
      'a typo in the KR id',
      { key: 'ENG-121', title: 'Client-facing project status page', keyResults: ['01-KR1'] },
      'serves no active key result: 01-KR1 is not a known key result — did you mean O1-KR1? — link it to an active key result to take it out',
    ],
  ])('iceboxes %s', (_name, fields, reason) => {
    const decision = decideOn(fields);
    expect(decision.icebox).toBe(true);
    expect(decision.iceboxReason).toBe(reason);
    expect(decision.score).toBeNull();
    expect(decision.kind).toBe('unaligned');
    expect(decision.explanation).toBe(`Icebox: ${reason}`);
  });

  it('takes the label off again once the issue serves an active KR', () => {
    const before = decideOn({
      key: 'ENG-121',
      title: 'Client-facing project status page',
      keyResults: ['01-KR1'],
      rice: rice(700, 1, 80, 3),
    });
    const after = decideOn({
      key: 'ENG-121',
      title: 'Client-facing project status page',
      keyResults: ['O1-KR1'],
      rice: rice(700, 1, 80, 3),
    });
    expect(before.icebox).toBe(true);
    expect(after.icebox).toBe(false);
    expect(after.iceboxReason).toBeNull();
    expect(after.score).toBeGreaterThan(0);
  });

  it('needs only one active link among dead ones to stay out', () => {
    const decision = decideOn({
      key: 'ENG-122',
      keyResults: ['O0-KR1', 'O2-KR2'],
      rice: rice(300, 1, 80, 2),
    });
    expect(decision.icebox).toBe(false);
    expect(decision.keyResults.map((s) => s.kr.id)).toEqual(['O2-KR2']);
    expect(decision.problems).toEqual(['O0-KR1 ended with 2026-Q3']);
  });

  it.each<[IssueStatus]>([['in_progress'], ['done']])(
    'never iceboxes an issue that is %s, linked or not',
    (status) => {
      expect(decideOn({ key: 'ENG-160', status }).icebox).toBe(false);
      expect(decideOn({ key: 'ENG-161', status, keyResults: ['O0-KR1'] }).icebox).toBe(false);
    },
  );

  it('does not icebox a linked issue whose RICE is missing', () => {
    const decision = decideOn({
      key: 'ENG-117',
      title: 'Template gallery search',
      keyResults: ['O1-KR3'],
      rice: { reach: 1200, impact: 2 },
    });
    expect(decision.icebox).toBe(false);
    expect(decision.score).toBeNull();
    expect(decision.problems).toEqual(['needs RICE: confidence, effort']);
  });

  it('does not icebox business-as-usual work', () => {
    const decision = decideOn({
      key: 'ENG-110',
      title: 'Time entries double-counted across DST',
      type: 'Bug',
    });
    expect(decision.icebox).toBe(false);
    expect(decision.iceboxReason).toBeNull();
  });
});
