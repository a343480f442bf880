import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { terminalJson, terminalLines, terminalText } from '../../src/cli/terminal-text';

/** Every code point a terminal could obey or that reorders or breaks a line. */
const UNSAFE: [string, number, number][] = [
  ['C0 controls (NUL … US, ESC among them)', 0x00, 0x1f],
  ['DEL and the C1 controls (0x9b is a one-byte CSI)', 0x7f, 0x9f],
  ['line and paragraph separators', 0x2028, 0x2029],
  ['bidi embeddings and overrides', 0x202a, 0x202e],
  ['bidi isolates', 0x2066, 0x2069],
];
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const codePoints = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('terminalText', () => {
  it.each(UNSAFE)('escapes %s', (_name, from, to) => {
    for (const code of codePoints(from, to)) {
      const shown = terminalText(`a${String.fromCodePoint(code)}b`);
      expect(shown, code.toString(16)).not.toMatch(RAW_UNSAFE);
      expect(shown).toMatch(/^a\\(?:u[0-9a-f]{4}|[nrt])b$/u);
    }
  });

  it.each([
    ['\u001b[2J', '\\u001b[2J'],
    ['\u0000', '\\u0000'],
    ['\n', '\\n'],
    ['\r', '\\r'],
    ['\t', '\\t'],
    ['\u007f', '\\u007f'],
    ['\u009b', '\\u009b'],
    ['\u202e', '\\u202e'],
    ['\u2069', '\\u2069'],
  ])('shows %j as %s', (raw, shown) => {
    expect(terminalText(raw)).toBe(shown);
  });

  it.each([
    'Redesign dashboard',
    'C:\\path\\with\\backslashes and "quotes"',
    'Café · naïve — 日本語 · 👍🏽 · עברית · العربية',
    '\u00a0non-breaking space and \u00ad soft hyphen (printable, not controls)',
  ])('leaves printable text alone: %s', (text) => {
    expect(terminalText(text)).toBe(text);
  });

  it('is idempotent: escaping what was escaped changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const once = terminalText(text);
        return !RAW_UNSAFE.test(once) && terminalText(once) === once;
      }),
    );
  });
});

describe('terminalLines', () => {
  it('ends each line with a newline; a newline inside a line is shown, not obeyed', () => {
    expect(terminalLines(['first\nforged', 'second'])).toBe('first\\nforged\nsecond\n');
    expect(terminalLines([])).toBe('');
  });
});

describe('terminalJson', () => {
  it('escapes what JSON.stringify leaves raw, and parses back to the same data', () => {
    const value = { title: 'a\u009b31m\u202eb\u2028c\u007f', key: 'K\u001b[2J\n' };
    const out = terminalJson(value);
    expect(out).toBe(
      '{\n  "title": "a\\u009b31m\\u202eb\\u2028c\\u007f",\n  "key": "K\\u001b[2J\\n"\n}\n',
    );
    expect(JSON.parse(out)).toEqual(value);
  });

  it('round-trips any string exactly and prints none of the unsafe characters raw', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (strings) => {
        const out = terminalJson({ strings });
        // The only raw controls left are JSON's own line breaks between values.
        expect(out.replace(/\n/g, '')).not.toMatch(RAW_UNSAFE);
        expect(JSON.parse(out)).toEqual({ strings });
      }),
    );
  });
});
