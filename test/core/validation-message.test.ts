import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeValue, formatPath, formatValidationIssue, valueAt } from '../../src/core/index';

describe('formatPath: paths as people write them', () => {
  it.each<[(string | number)[], string]>([
    [[], ''],
    [['period'], 'period'],
    [['objectives', 1, 'keyResults', 0, 'target'], 'objectives[1].keyResults[0].target'],
    [['settings', 'capacity', 'okrMin'], 'settings.capacity.okrMin'],
    [[3, 'rice', 'reach'], '[3].rice.reach'],
  ])('%j → %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe('describeValue: what was given, in words', () => {
  it.each<[unknown, string]>([
    [null, 'nothing'],
    ['55', '"55"'],
    [55, '55'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NaN, 'NaN'],
    [true, 'true'],
    [['Bug'], 'a list'],
    [{ okrMin: 60 }, 'a mapping'],
  ])('%j → %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });
});

describe('valueAt', () => {
  const file = { objectives: [{ keyResults: [{ target: 55 }] }] };
  it.each<[(string | number)[], unknown]>([
    [['objectives', 0, 'keyResults', 0, 'target'], 55],
    [['objectives', 1, 'keyResults'], undefined],
    [['objectives', 0, 'keyResults', 0, 'target', 'deeper'], undefined],
    [[], file],
  ])('%j → %j', (path, value) => {
    expect(valueAt(file, path)).toEqual(value);
  });
});

describe('formatValidationIssue', () => {
  const Schema = z.strictObject({ key: z.string(), estimate: z.number().min(0, 'must be ≥ 0') });
  it.each<[unknown, string[]]>([
    [{ estimate: 3 }, ['key: is required']],
    [{ key: 12, estimate: 3 }, ['key: must be text (got 12)']],
    [{ key: 'ENG-1', estimate: '3' }, ['estimate: must be a number (got "3")']],
    [{ key: 'ENG-1', estimate: -1 }, ['estimate: must be ≥ 0']],
    [{ key: 'ENG-1', estimate: 1, sprint: 'Sprint 12' }, ['unknown key "sprint"']],
    [null, ['must be a mapping (got nothing)']],
  ])('%j → %j', (input, messages) => {
    const result = Schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => formatValidationIssue(issue, input))).toEqual(
      messages,
    );
  });

  it('names the accepted keys when it knows them', () => {
    const input = { key: 'ENG-1', estimate: 1, sprint: 'Sprint 12' };
    const result = Schema.safeParse(input);
    expect(
      result.error?.issues.map((issue) =>
        formatValidationIssue(issue, input, () => ['key', 'estimate']),
      ),
    ).toEqual(['unknown key "sprint" — accepted: key, estimate']);
  });
});
