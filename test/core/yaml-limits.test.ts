import { describe, expect, it } from 'vitest';
import {
  lineAt,
  MAX_ALIAS_EXPANSION,
  MAX_YAML_DEPTH,
  parseOkrFile,
  type OkrFileResult,
} from '../../src/core/index';
import { LineCounter, parseDocument } from 'yaml';
import { excessiveNesting, parseDocumentWithinDepth } from '../../src/core/yaml-limits';
import { yaml } from '../fixtures/yaml';

const TOO_DEEP = `nested too deeply — Keyrank reads at most ${MAX_YAML_DEPTH} levels of indentation and brackets`;

const VALID = yaml`
  period: 2026-Q4
  objectives:
    - id: O1
      title: Delight
      keyResults: [{ id: O1-KR1, title: Raise NPS, baseline: 40, target: 60 }]
`;

function errorsOf(result: OkrFileResult) {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe('parseOkrFile: nesting past the limit is one error with its line', () => {
  it.each([
    ['10,000 unclosed [', `period: 2026-Q4\nobjectives: ${'['.repeat(10_000)}\n`, 2],
    ['10,000 closed [ ]', `a: 1\n\nb: ${'['.repeat(10_000)}${']'.repeat(10_000)}`, 3],
    ['10,000 {', `a: ${'{ b: '.repeat(10_000)}`, 1],
    ['10,000 block sequences on one line', `${'- '.repeat(10_000)}x\n`, 1],
    [
      'a block mapping indented 100 times',
      Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n',
      // The parser's levels: the document, then a mapping per line.
      64,
    ],
  ])('%s', (_name, text, line) => {
    expect(errorsOf(parseOkrFile(text))).toEqual([{ path: '', line, message: TOO_DEEP }]);
  });

  it('stops at the excess: ten million [ cost no more than a few', () => {
    const started = performance.now();
    expect(errorsOf(parseOkrFile('['.repeat(10_000_000)))).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('leaves brackets inside quotes, comments and block scalars alone', () => {
    const brackets = '['.repeat(200);
    const text = yaml`
      # ${brackets}
      period: 2026-Q4
      objectives:
        - id: O1
          title: "${brackets}"
          owner: |
            ${brackets}
          keyResults: [{ id: O1-KR1, title: '${brackets}', baseline: 40, target: 60 }]
    `;
    expect(parseOkrFile(text).ok).toBe(true);
  });

  it('accepts nesting well below the limit (an OKR file needs about 8)', () => {
    const text = `period: 2026-Q4\nx: ${'['.repeat(40)}${']'.repeat(40)}\n`;
    expect(errorsOf(parseOkrFile(text)).map((e) => e.message)).not.toContain(TOO_DEEP);
  });
});

describe('parseOkrFile: aliases', () => {
  it('a billion laughs stops at the alias that passes the limit, with its line', () => {
    const text = [
      'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
      ...'bcdefghi'
        .split('')
        .map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
    ].join('\n');
    // Lines 2–4 add 9 × 10 + 9 × 91 + 9 × 820 = 8,289 values; line 5 passes 10,000.
    expect(errorsOf(parseOkrFile(text))).toEqual([
      {
        path: '',
        line: 5,
        message: `aliases repeat more than ${MAX_ALIAS_EXPANSION} values by here — write the values out instead`,
      },
    ]);
  });

  it.each([
    [
      'inside its own anchor',
      'period: 2026-Q4\nobjectives: &o [*o]\n',
      2,
      'alias *o is inside its own anchor &o',
    ],
    [
      'to an anchor written after it',
      'period: *p\nq: &p 2026-Q4\n',
      1,
      'alias *p refers to no anchor &p before it',
    ],
    ['as a key', '? *k\n: 1\n', 1, 'alias *k refers to no anchor &k before it'],
  ])('an alias %s is an error with its line', (_name, text, line, message) => {
    expect(errorsOf(parseOkrFile(text))).toEqual([{ path: '', line, message }]);
  });

  it('a period shared through an anchor works, and the latest anchor of a name wins', () => {
    const text = yaml`
      objectives:
        - id: O1
          title: Delight
          period: &q 2026-Q3
          keyResults: [{ id: O1-KR1, title: Raise NPS, baseline: 40, target: 60 }]
        - id: O2
          title: Onboard
          period: &q 2026-Q4
          keyResults: [{ id: O2-KR1, title: Activate, baseline: 30, target: 50 }]
        - id: O3
          title: Retain
          period: *q
          keyResults: [{ id: O3-KR1, title: Keep, baseline: 1, target: 2 }]
    `;
    const result = parseOkrFile(text);
    expect(result.ok && result.okrs.objectives.map((o) => o.period.label)).toEqual([
      '2026-Q3',
      '2026-Q4',
      '2026-Q4',
    ]);
  });
});

describe('parseOkrFile: many uses of one anchor', () => {
  it('150 objectives sharing a period anchor are fine (yaml alone refuses past 100)', () => {
    const objectives = Array.from(
      { length: 150 },
      (_, i) =>
        `  - { id: O${i}, title: T, period: ${i === 0 ? '&q 2026-Q4' : '*q'}, keyResults: [{ id: K${i}, title: T, baseline: 0, target: 1 }] }`,
    );
    const result = parseOkrFile(['objectives:', ...objectives, ''].join('\n'));
    expect(result.ok && result.okrs.objectives.at(-1)?.period.label).toBe('2026-Q4');
  });
});

describe('parseOkrFile: a byte order mark', () => {
  it('at the start of the text is accepted', () => {
    expect(parseOkrFile(`\uFEFF${VALID}`).ok).toBe(true);
  });
});

describe('parseDocumentWithinDepth: excessiveNesting, then parseDocument, in one pass', () => {
  const deep = `a: ${'['.repeat(MAX_YAML_DEPTH + 1)}`;
  it.each([
    ['an OKR file', VALID],
    ['empty text', ''],
    ['only a comment', '# nothing yet\n'],
    ['a syntax error', 'a: [1, 2\nb: }\n'],
    ['a key twice', 'a: 1\na: 2\n'],
    ['an anchor and its alias', 'a: &p 2026-Q4\nb: *p\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['three documents', 'a: 1\n---\nb: 2\n---\nc: 3\n'],
    ['nesting past the limit', deep],
    ['nesting past the limit in a second document', `a: 1\n---\n${deep}`],
    ['nesting past the limit in a third document', `a: 1\n---\nb: 2\n---\n${deep}`],
    // yaml stops reading once the second document is composed, with the fourth still unread.
    ['nesting past the limit in a fourth document', `a: 1\n---\nb: 2\n---\nc: 3\n---\n${deep}`],
  ])('%s', (_, text) => {
    const options = () => ({
      lineCounter: new LineCounter(),
      prettyErrors: false as const,
      uniqueKeys: true,
    });
    const oneOptions = options();
    const one = parseDocumentWithinDepth(text, oneOptions);
    const tooDeep = excessiveNesting(text);
    if (tooDeep !== null) {
      expect(one).toEqual({ ok: false, tooDeep });
      return;
    }
    const twoOptions = options();
    const two = parseDocument(text, twoOptions);
    expect(one.ok).toBe(true);
    const doc = one.ok ? one.doc : parseDocument('');
    expect(doc.toJS()).toEqual(two.toJS());
    expect(doc.errors.map((e) => [e.code, e.message, e.pos])).toEqual(
      two.errors.map((e) => [e.code, e.message, e.pos]),
    );
    expect(doc.warnings.map((e) => [e.code, e.message])).toEqual(
      two.warnings.map((e) => [e.code, e.message]),
    );
    expect(oneOptions.lineCounter.lineStarts).toEqual(twoOptions.lineCounter.lineStarts);
  });
});

describe('lineAt', () => {
  it.each([
    ['', 0, 1],
    ['a\nb\nc', 0, 1],
    ['a\nb\nc', 1, 1],
    ['a\nb\nc', 2, 2],
    ['a\nb\nc', 4, 3],
    ['a\nb\nc', 99, 3],
  ])('%j at %i is line %i', (text, offset, line) => {
    expect(lineAt(text, offset)).toBe(line);
  });
});
