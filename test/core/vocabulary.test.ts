import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueText, type IssueText } from '../../src/core/index';
import { Vocabulary } from '../../src/core/suggest/vocabulary';

/** Every (stem id, word) a scan reports, in order. */
function scanned(read: (vocabulary: Vocabulary, each: (id: number, word: string) => void) => void) {
  const vocabulary = new Vocabulary();
  const out: [number, string][] = [];
  read(vocabulary, (id, word) => out.push([id, word]));
  return out;
}

/** Pieces that take each path of `plain`: plain ASCII, capitals, apostrophes, accents, controls. */
const PIECES = [
  'Template',
  'GALLERY',
  'video',
  'ENG-120',
  '2026',
  'q4',
  'the',
  "agency's",
  'don’t',
  'Café',
  'ﬁle',
  'naïve',
  'tab\there',
  'bell\u0007',
  'K',
  'x',
  '#',
  '  ',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((words) => words.join(' '));
const issueArb = fc.record({
  key: fc.constant('ENG-1'),
  title: text,
  labels: fc.array(text, { maxLength: 3 }),
  description: fc.option(text, { nil: undefined }),
});

describe('Vocabulary.scanIssue', () => {
  it('reads an issue exactly as scan reads its whole text (ids, words, order)', () => {
    fc.assert(
      fc.property(issueArb, (issue: IssueText) => {
        expect(scanned((v, each) => v.scanIssue(issue, each))).toEqual(
          scanned((v, each) => v.scan(issueText(issue), each)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it.each<[string, IssueText, string[]]>([
    [
      'capitals, read as lowercase',
      { key: 'A-1', title: 'Template GALLERY', labels: [] },
      ['template', 'gallery'],
    ],
    [
      'bare numbers and stop words, skipped',
      { key: 'A-1', title: 'the 2026 q4 plan', labels: ['42'] },
      ['q4', 'plan'],
    ],
    [
      'labels and description after the title',
      { key: 'A-1', title: 'Video', labels: ['ui-review'], description: 'Portal' },
      ['video', 'ui', 'review', 'portal'],
    ],
    [
      'an apostrophe, closed up',
      { key: 'A-1', title: "Agency's gallery", labels: [] },
      ['agency', 'gallery'],
    ],
    ['accents, dropped', { key: 'A-1', title: 'Café naïve', labels: [] }, ['cafe', 'naive']],
  ])('%s', (_, issue, words) => {
    expect(scanned((v, each) => v.scanIssue(issue, each)).map(([, word]) => word)).toEqual(words);
  });
});
