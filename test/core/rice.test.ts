import { describe, expect, it } from 'vitest';
import {
  IMPACT_SCALE,
  parseRice,
  readNumber,
  riceValue,
  type RiceInput,
} from '../../src/core/index';
import { rice } from '../fixtures/issues';

const IMPACTS = '0.25 (minimal), 0.5 (low), 1 (medium), 2 (high), 3 (massive)';

describe('readNumber', () => {
  it.each<[unknown, number | null]>([
    [800, 800],
    [0, 0],
    [-2, -2],
    [0.25, 0.25],
    ['800', 800],
    [' 3 ', 3],
    ['1,200', 1200],
    ['12,500,000', 12_500_000],
    ['.5', 0.5],
    ['2.', 2],
    ['1e3', 1000],
    ['+4', 4],
    ['1,20', null],
    ['12,00', null],
    ['', null],
    ['  ', null],
    ['lots', null],
    ['3 weeks', null],
    ['0x10', null],
    ['1e999', null],
    ['-1e999', null],
    [Number.POSITIVE_INFINITY, null],
    [Number.NaN, null],
    [true, null],
    [null, null],
    [undefined, null],
    [[3], null],
  ])('%j → %j', (raw, expected) => {
    expect(readNumber(raw)).toBe(expected);
  });
});

describe('riceValue', () => {
  it.each([
    [{ reach: 800, impact: 2, confidence: 80, effort: 4 }, 320],
    [{ reach: 2500, impact: 2, confidence: 80, effort: 6 }, 666.6666666666666],
    [{ reach: 1000, impact: 0.25, confidence: 50, effort: 0.5 }, 250],
    [{ reach: 0, impact: 3, confidence: 100, effort: 1 }, 0],
  ])('%j = %d', (input, expected) => {
    expect(riceValue(input)).toBeCloseTo(expected, 10);
  });
});

describe('parseRice: accepted values', () => {
  it.each<
    [string, RiceInput, { reach: number; impact: number; confidence: number; effort: number }]
  >([
    ['plain numbers', rice(800, 2, 80, 4), { reach: 800, impact: 2, confidence: 80, effort: 4 }],
    [
      'a confidence written "80%"',
      rice(800, 2, '80%', 4),
      { reach: 800, impact: 2, confidence: 80, effort: 4 },
    ],
    [
      'a confidence written " 80 % "',
      rice(800, 2, ' 80 % ', 4),
      { reach: 800, impact: 2, confidence: 80, effort: 4 },
    ],
    [
      'a reach with thousands separators',
      rice('1,200', 1, 50, 2),
      { reach: 1200, impact: 1, confidence: 50, effort: 2 },
    ],
    [
      'numbers as text',
      rice('600', '3', '100', '1.5'),
      { reach: 600, impact: 3, confidence: 100, effort: 1.5 },
    ],
    [
      'an impact by name',
      rice(900, 'High', 80, 2),
      { reach: 900, impact: 2, confidence: 80, effort: 2 },
    ],
    [
      'the lowest confidence',
      rice(900, 'minimal', 1, 2),
      { reach: 900, impact: 0.25, confidence: 1, effort: 2 },
    ],
    [
      'a reach of zero',
      rice(0, 'massive', 50, 2),
      { reach: 0, impact: 3, confidence: 50, effort: 2 },
    ],
  ])('%s', (_name, input, expected) => {
    const check = parseRice(input);
    expect(check).toEqual({ ok: true, rice: expected, value: riceValue(expected) });
  });

  it.each(IMPACT_SCALE.map((step) => [step.name, step.value] as const))(
    'impact "%s" is %d, by name or by number',
    (name, value) => {
      const byName = parseRice(rice(100, name.toUpperCase(), 100, 1));
      const byNumber = parseRice(rice(100, value, 100, 1));
      expect(byName.ok && byName.rice.impact).toBe(value);
      expect(byNumber.ok && byNumber.rice.impact).toBe(value);
    },
  );

  it('computes reach × impact × confidence% / effort', () => {
    expect(parseRice(rice(800, 2, 80, 4))).toMatchObject({ ok: true, value: 320 });
  });
});

describe('parseRice: missing fields', () => {
  it.each<[string, RiceInput | null | undefined, string[]]>([
    ['no RICE at all', undefined, ['reach', 'impact', 'confidence', 'effort']],
    ['a null RICE block', null, ['reach', 'impact', 'confidence', 'effort']],
    ['an empty RICE block', {}, ['reach', 'impact', 'confidence', 'effort']],
    ['reach and effort', { impact: 2, confidence: 80 }, ['reach', 'effort']],
    ['effort only', rice(800, 2, 80, null), ['effort']],
    ['a blank confidence', rice(800, 2, '  ', 4), ['confidence']],
    ['an empty impact', rice(800, '', 80, 4), ['impact']],
  ])('%s', (_name, input, missing) => {
    expect(parseRice(input)).toEqual({
      ok: false,
      missing,
      problems: [`needs RICE: ${missing.join(', ')}`],
    });
  });

  it('lists missing fields first, then what is wrong with the others', () => {
    expect(parseRice({ impact: 4, confidence: 0.8 })).toEqual({
      ok: false,
      missing: ['reach', 'effort'],
      problems: [
        'needs RICE: reach, effort',
        `impact 4 is not accepted — use ${IMPACTS}`,
        'confidence is a percentage between 1 and 100 — did you mean 80?',
      ],
    });
  });
});

describe('parseRice: invalid values say what is wrong and what is accepted', () => {
  const reach = (raw: string) =>
    `reach ${raw} is not accepted — use a number ≥ 0 (people or events per period)`;
  const confidence = (raw: string) =>
    `confidence ${raw} is not accepted — use a percentage between 1 and 100 (such as 80 or "80%")`;
  const effort = (raw: string) =>
    `effort ${raw} is not accepted — use a number > 0 (person-weeks or points)`;

  it.each<[string, RiceInput, string]>([
    ['a negative reach', rice(-5, 2, 80, 4), reach('-5')],
    ['a reach in words', rice('lots', 2, 80, 4), reach('"lots"')],
    ['an infinite reach', rice('1e999', 2, 80, 4), reach('"1e999"')],
    [
      'an impact off the scale',
      rice(800, 1.5, 80, 4),
      `impact 1.5 is not accepted — use ${IMPACTS}`,
    ],
    ['an impact of 4', rice(800, 4, 80, 4), `impact 4 is not accepted — use ${IMPACTS}`],
    [
      'an unknown impact name',
      rice(800, 'huge', 80, 4),
      `impact "huge" is not accepted — use ${IMPACTS}`,
    ],
    [
      'a confidence of 0.8',
      rice(800, 2, 0.8, 4),
      'confidence is a percentage between 1 and 100 — did you mean 80?',
    ],
    [
      'a confidence of "0.5"',
      rice(800, 2, '0.5', 4),
      'confidence is a percentage between 1 and 100 — did you mean 50?',
    ],
    [
      'a confidence of 0.05',
      rice(800, 2, 0.05, 4),
      'confidence is a percentage between 1 and 100 — did you mean 5?',
    ],
    // 0.29 × 100 is 28.999999999999996 in floating point: the hint must still read 29
    [
      'a confidence of 0.29',
      rice(800, 2, 0.29, 4),
      'confidence is a percentage between 1 and 100 — did you mean 29?',
    ],
    [
      'a confidence of 0.875',
      rice(800, 2, 0.875, 4),
      'confidence is a percentage between 1 and 100 — did you mean 87.5?',
    ],
    ['a confidence of 0', rice(800, 2, 0, 4), confidence('0')],
    ['a confidence of 101', rice(800, 2, 101, 4), confidence('101')],
    ['a confidence of "120%"', rice(800, 2, '120%', 4), confidence('"120%"')],
    ['a confidence in words', rice(800, 2, 'high', 4), confidence('"high"')],
    ['an effort of 0', rice(800, 2, 80, 0), effort('0')],
    ['a negative effort', rice(800, 2, 80, -1), effort('-1')],
    ['an effort in words', rice(800, 2, 80, 'a week'), effort('"a week"')],
    ['an infinite effort', rice(800, 2, 80, '1e999'), effort('"1e999"')],
  ])('%s', (_name, input, message) => {
    const check = parseRice(input);
    expect(check).toEqual({ ok: false, missing: [], problems: [message] });
  });

  it('reports every invalid field at once, in RICE order', () => {
    const check = parseRice(rice(-1, 5, 0.8, 0));
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problems.map((p) => p.split(' ')[0])).toEqual([
      'reach',
      'impact',
      'confidence',
      'effort',
    ]);
  });
});
