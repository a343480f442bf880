import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildSuggester,
  DEFAULT_SETTINGS,
  IssueSnapshotSchema,
  parseOkrFile,
  plan,
  stem,
  suggestKeyResults,
  tokenize,
  type IssueSnapshot,
  type Okrs,
} from '../../src/core/index';

const Q4 = { label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' };
const Q3 = { label: '2026-Q3', start: '2026-07-01', end: '2026-09-30' };
const kr = (id: string, objectiveId: string, title: string) => ({
  id,
  title,
  objectiveId,
  baseline: 0,
  target: 100,
  current: 0,
  deadline: '2026-12-31',
  progress: { source: 'manual' as const },
  checkIns: [],
  weight: 1,
});

/** Templates and onboarding, active; a public API objective that ended with Q3. */
const OKRS: Okrs = {
  objectives: [
    {
      id: 'O1',
      title: 'Make templates the front door',
      period: Q4,
      weight: 1,
      keyResults: [kr('O1-KR1', 'O1', 'Grow template usage 30% month over month')],
    },
    {
      id: 'O2',
      title: 'Make onboarding effortless',
      period: Q4,
      weight: 1,
      keyResults: [kr('O2-KR1', 'O2', 'Roll out the onboarding checklist to every new workspace')],
    },
    {
      id: 'O0',
      title: 'Open the platform',
      period: Q3,
      weight: 1,
      keyResults: [kr('O0-KR1', 'O0', 'Ship the public API beta with webhooks')],
    },
  ],
};

const issue = (key: string, title: string, more: Partial<IssueSnapshot> = {}): IssueSnapshot => ({
  key,
  title,
  status: 'backlog',
  labels: [],
  keyResults: [],
  ...more,
});

const LINKED: IssueSnapshot[] = [
  issue('ENG-120', 'Template gallery with search and categories', {
    keyResults: ['O1-KR1'],
    labels: ['templates'],
  }),
  issue('ENG-103', 'Pre-made templates for video production', {
    keyResults: ['O1-KR1'],
    description: 'Ten templates: shoot, edit, client review rounds. Add them to the gallery.',
  }),
  issue('ENG-104', 'Onboarding checklist behind a feature flag', { keyResults: ['O2-KR1'] }),
  issue('ENG-122', 'Public API webhooks for task events', { keyResults: ['O0-KR1'] }),
];

describe('stem: Porter (1980), as published', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['agreed', 'agre'],
    ['feed', 'feed'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['sing', 'sing'],
    ['conflated', 'conflat'],
    ['hopping', 'hop'],
    ['falling', 'fall'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['digitizer', 'digit'],
    ['vietnamization', 'vietnam'],
    ['hopefulness', 'hope'],
    ['sensibiliti', 'sensibl'],
    ['triplicate', 'triplic'],
    ['formalize', 'formal'],
    ['electrical', 'electr'],
    ['goodness', 'good'],
    ['adjustable', 'adjust'],
    ['replacement', 'replac'],
    ['adoption', 'adopt'],
    ['homologous', 'homolog'],
    ['effective', 'effect'],
    ['cease', 'ceas'],
    ['controll', 'control'],
    ['yelling', 'yell'],
    ['templates', 'templat'],
    ['template', 'templat'],
    ['activation', 'activ'],
    ['activate', 'activ'],
    ['onboarding', 'onboard'],
    ['ui', 'ui'],
  ])('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});

describe('tokenize', () => {
  it.each([
    ['Template Gallery', ['templat', 'galleri']],
    ['the gallery’s search', ['galleri', 'search']],
    ["don't break", ['break']],
    [
      'drag-and-drop **Markdown** [link](https://x.io)',
      ['drag', 'drop', 'markdown', 'link', 'http', 'io'],
    ],
    ['Café déjà vu', ['cafe', 'deja', 'vu']],
    ['10 pre-made templates, 2 GB', ['pre', 'made', 'templat', 'gb']],
    ['a I x', []],
    ['東京 Ärger', ['東京', 'arger']],
    ['', []],
  ])('%j', (text, stems) => {
    expect(tokenize(text).map((t) => t.stem)).toEqual(stems);
  });

  it('keeps the word as written (lowercase, no accents) for reasons', () => {
    expect(tokenize('Templates Déjà')).toEqual([
      { stem: 'templat', word: 'templates' },
      { stem: 'deja', word: 'deja' },
    ]);
  });

  it('ASCII and Unicode text split the same way', () => {
    expect(tokenize('Onboarding-Checklist x2 é').map((t) => t.stem)).toEqual([
      'onboard',
      'checklist',
      'x2',
    ]);
  });
});

describe('buildSuggester', () => {
  const suggester = buildSuggester({ okrs: OKRS, issues: LINKED, asOf: '2026-11-15' });

  it('suggests the key result whose work shares the issue’s words, with a checkable reason', () => {
    const got = suggester.suggest(
      issue('ENG-140', 'Template gallery: featured templates row', { labels: ['templates'] }),
    );
    expect(got.map((s) => s.kr)).toEqual(['O1-KR1']);
    expect(got[0]?.reason).toBe('shares: template, gallery · like ENG-120, ENG-103');
    expect(got[0]?.score).toBeGreaterThan(0.5);
    expect(got[0]?.score).toBeLessThan(1);
  });

  it('names the words from the key result’s title too, and the linked issues using them', () => {
    const got = suggester.suggest(issue('ENG-141', 'Checklist for every new workspace'));
    expect(got).toEqual([
      {
        kr: 'O2-KR1',
        score: expect.any(Number) as number,
        reason: 'shares: checklist, new, workspace · like ENG-104',
      },
    ]);
  });

  it('suggests nothing when nothing is relevant enough', () => {
    expect(suggester.suggest(issue('ENG-142', 'Native Windows desktop app'))).toEqual([]);
    expect(suggester.suggest(issue('ENG-143', ''))).toEqual([]);
  });

  it('never suggests a key result that is not active, however close the words', () => {
    const got = suggester.suggest(issue('ENG-144', 'Public API beta: webhooks for task events'));
    expect(got.map((s) => s.kr)).not.toContain('O0-KR1');
  });

  it('reads the description and the labels', () => {
    const bare = suggester.suggest(issue('ENG-145', 'Shoot list'));
    const described = suggester.suggest(
      issue('ENG-145', 'Shoot list', {
        description: 'Part of the video templates: shoot and edit rounds',
        labels: ['templates'],
      }),
    );
    expect(bare).toEqual([]);
    expect(described[0]?.kr).toBe('O1-KR1');
  });

  it('with no active key result, suggests nothing', () => {
    const none = buildSuggester({ okrs: OKRS, issues: LINKED, asOf: '2027-06-01' });
    expect(none.suggest(issue('ENG-146', 'Template gallery'))).toEqual([]);
  });

  it('ranks equal scores in the OKR file’s order', () => {
    const twins: Okrs = {
      objectives: [
        {
          id: 'O1',
          title: 'Launch',
          period: Q4,
          weight: 1,
          keyResults: [kr('A', 'O1', 'Gallery gallery'), kr('B', 'O1', 'Gallery gallery')],
        },
      ],
    };
    // A word both key results use weighs little, so the bar is lowered to see the order.
    const got = buildSuggester({ okrs: twins, issues: [], asOf: '2026-11-15' }, 0.01).suggest(
      issue('X-1', 'gallery'),
    );
    expect(got.map((s) => s.kr)).toEqual(['A', 'B']);
    expect(got[0]?.score).toBe(got[1]?.score);
  });
});

describe('suggestKeyResults', () => {
  it('covers exactly the Icebox issues of a plan, learning from its linked ones', () => {
    const backlog = [
      ...LINKED,
      issue('ENG-150', 'Featured templates in the gallery'),
      issue('ENG-151', 'Featured templates in the gallery', { status: 'in_progress' }),
      issue('ENG-152', 'Featured templates in the gallery', { type: 'Bug' }),
      issue('ENG-153', 'Featured templates in the gallery', { keyResults: ['O1-KR1'] }),
      issue('ENG-154', 'Native Windows desktop app'),
    ];
    const result = plan({
      okrs: OKRS,
      issues: backlog,
      settings: DEFAULT_SETTINGS,
      asOf: '2026-11-15',
    });
    const suggestions = suggestKeyResults(result, OKRS);
    // ENG-122 is linked only to a key result that ended: it is in the Icebox too.
    expect([...suggestions.keys()].sort()).toEqual(['ENG-122', 'ENG-150', 'ENG-154']);
    expect(suggestions.get('ENG-150')?.[0]?.kr).toBe('O1-KR1');
    expect(suggestions.get('ENG-154')).toEqual([]);
  });
});

describe('the labelled example (examples/suggestions/)', () => {
  // The figures `npm run bench` prints, held here so a change that loses quality fails a test.
  it('meets the issue’s goals: top-1 ≥ 60%, top-3 ≥ 80%, no-fit left empty ≥ 70%', () => {
    const okrFile = parseOkrFile(readFileSync('examples/okrs.yml', 'utf8'));
    if (!okrFile.ok) {
      throw new Error('examples/okrs.yml');
    }
    const backlog = (
      JSON.parse(readFileSync('examples/suggestions/backlog.json', 'utf8')) as unknown[]
    ).map((entry) => IssueSnapshotSchema.parse(entry));
    const labels = JSON.parse(readFileSync('examples/suggestions/labels.json', 'utf8')) as {
      asOf: string;
      expected: Record<string, string | null>;
    };
    const suggester = buildSuggester({ okrs: okrFile.okrs, issues: backlog, asOf: labels.asOf });
    let fit = 0;
    let top1 = 0;
    let top3 = 0;
    let noFit = 0;
    let empty = 0;
    for (const entry of backlog.filter((i) => i.key in labels.expected)) {
      const expected = labels.expected[entry.key];
      const got = suggester.suggest(entry).map((s) => s.kr);
      if (expected === null || expected === undefined) {
        noFit++;
        empty += got.length === 0 ? 1 : 0;
      } else {
        fit++;
        top1 += got[0] === expected ? 1 : 0;
        top3 += got.includes(expected) ? 1 : 0;
      }
    }
    expect(fit + noFit).toBeGreaterThanOrEqual(80);
    expect(top1 / fit).toBeGreaterThanOrEqual(0.6);
    expect(top3 / fit).toBeGreaterThanOrEqual(0.8);
    expect(empty / noFit).toBeGreaterThanOrEqual(0.7);
  });
});
