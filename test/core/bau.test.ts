import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  bauReason,
  bauRule,
  decide,
  prepareKeyResults,
  type Settings,
} from '../../src/core/index';
import { issue, rice } from '../fixtures/issues';
import { agencyOkrs } from '../fixtures/okrs';

describe('bauReason with the default settings (bauTypes [Bug], bauLabels [bau, maintenance, tech-debt])', () => {
  it.each<[string, string | undefined, string[], string | null]>([
    ['a bug', 'Bug', [], 'type Bug'],
    ['a bug typed in lower case', 'bug', ['timeline'], 'type bug'],
    ['a maintenance task', 'Task', ['maintenance', 'assets'], 'label maintenance'],
    ['tech debt labelled in another case', 'Task', ['billing', 'Tech-Debt'], 'label Tech-Debt'],
    ['a chore labelled bau', 'Chore', ['bau'], 'label bau'],
    ['a bug that also carries a BAU label: the type is named', 'Bug', ['tech-debt'], 'type Bug'],
    [
      'an issue without a type but with a BAU label',
      undefined,
      ['maintenance'],
      'label maintenance',
    ],
    ['a story', 'Story', ['ui'], null],
    ['an improvement', 'Improvement', [], null],
    ['a label that merely contains a BAU word', 'Task', ['maintenance-window-ui'], null],
    ['a type that merely contains Bug', 'Bugfix', [], null],
    ['no type, no labels', undefined, [], null],
  ])('%s → %j', (_name, type, labels, reason) => {
    expect(bauReason({ type, labels }, DEFAULT_SETTINGS)).toBe(reason);
  });
});

describe('bauReason with workspace settings', () => {
  const settings: Pick<Settings, 'bauTypes' | 'bauLabels'> = {
    bauTypes: ['Bug', 'Incident'],
    bauLabels: ['keep-the-lights-on'],
  };
  it.each<[string | undefined, string[], string | null]>([
    ['Incident', [], 'type Incident'],
    ['Task', ['keep-the-lights-on'], 'label keep-the-lights-on'],
    // the defaults no longer apply once replaced
    ['Task', ['maintenance'], null],
  ])('type %s, labels %j → %j', (type, labels, reason) => {
    expect(bauReason({ type, labels }, settings)).toBe(reason);
  });

  it('treats nothing as BAU when both lists are empty', () => {
    expect(bauReason({ type: 'Bug', labels: ['bau'] }, { bauTypes: [], bauLabels: [] })).toBeNull();
  });
});

describe('BAU issues are never iceboxed and never scored by OKR (decide)', () => {
  const book = () => prepareKeyResults(agencyOkrs(), '2026-11-15', true);

  it.each([
    [
      'a bug with no links',
      { key: 'ENG-109', title: 'Gantt timeline drops dependencies', type: 'Bug' },
      'type Bug',
    ],
    [
      'a bug linked to an active KR, with RICE',
      {
        key: 'ENG-111',
        title: 'Churned agencies still billed',
        type: 'Bug',
        keyResults: ['O1-KR2'],
        rice: rice(400, 2, 100, 1),
      },
      'type Bug',
    ],
    [
      'a maintenance task linked to an ended KR',
      {
        key: 'ENG-112',
        title: 'Migrate file storage to AWS SDK v3',
        type: 'Task',
        labels: ['maintenance'],
        keyResults: ['O0-KR1'],
      },
      'label maintenance',
    ],
  ])('%s', (_name, fields, why) => {
    const decision = decide(issue(fields), book(), bauRule(DEFAULT_SETTINGS));
    expect(decision.bau).toBe(true);
    expect(decision.kind).toBe('bau');
    expect(decision.icebox).toBe(false);
    expect(decision.score).toBeNull();
    expect(decision.explanation).toBe(
      `business as usual (${why}): not scored by OKR, keeps its place`,
    );
  });

  it('does not ask BAU work for RICE', () => {
    const decision = decide(
      issue({ key: 'ENG-113', title: 'Remove stale feature flags', labels: ['tech-debt'] }),
      book(),
      bauRule(DEFAULT_SETTINGS),
    );
    expect(decision.problems).toEqual([]);
  });

  it('still reports a dead KR link on BAU work', () => {
    const decision = decide(
      issue({ key: 'ENG-114', type: 'Bug', keyResults: ['O9-KR1'] }),
      book(),
      bauRule(DEFAULT_SETTINGS),
    );
    expect(decision.problems).toEqual(['O9-KR1 is not a known key result']);
  });

  it('follows the workspace settings', () => {
    const settings = { ...DEFAULT_SETTINGS, bauTypes: ['Incident'], bauLabels: [] };
    const bug = decide(issue({ key: 'ENG-115', type: 'Bug' }), book(), bauRule(settings));
    expect(bug.bau).toBe(false);
    expect(bug.icebox).toBe(true);
  });
});
