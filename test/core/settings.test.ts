import { describe, expect, it } from 'vitest';
import {
  CapacitySchema,
  DEFAULT_SETTINGS,
  SettingsSchema,
  formatValidationIssue,
} from '../../src/core/index';

/** Every problem with a settings object, as "path: message". */
function problems(input: unknown): string[] {
  const result = SettingsSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => formatValidationIssue(issue, input));
}

describe('settings defaults', () => {
  it('are the PRODUCT.md defaults', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      iceboxLabel: 'icebox',
      bauTypes: ['Bug'],
      bauLabels: ['bau', 'maintenance', 'tech-debt'],
      scheduleBoost: true,
      capacity: { okrMin: 60, okrMax: 70 },
      rankAutomatically: true,
      health: { atRisk: 0.1, behind: 0.25 },
      staleAfterDays: 14,
      checkInGroups: [],
    });
    expect(SettingsSchema.parse({})).toEqual(DEFAULT_SETTINGS);
  });

  it.each([
    [{ iceboxLabel: 'later' }, { iceboxLabel: 'later' }],
    [{ iceboxLabel: '  on-ice ' }, { iceboxLabel: 'on-ice' }],
    [{ bauTypes: ['Bug', 'Incident'] }, { bauTypes: ['Bug', 'Incident'] }],
    [{ bauLabels: [] }, { bauLabels: [] }],
    [{ scheduleBoost: false }, { scheduleBoost: false }],
    [{ rankAutomatically: false }, { rankAutomatically: false }],
    [{ capacity: {} }, { capacity: { okrMin: 60, okrMax: 70 } }],
    [{ capacity: { okrMin: 50 } }, { capacity: { okrMin: 50, okrMax: 70 } }],
    [{ capacity: { okrMax: 80 } }, { capacity: { okrMin: 60, okrMax: 80 } }],
    [{ capacity: { okrMin: 65, okrMax: 65 } }, { capacity: { okrMin: 65, okrMax: 65 } }],
    [{ capacity: { okrMin: 0, okrMax: 100 } }, { capacity: { okrMin: 0, okrMax: 100 } }],
  ])('%j keeps every other default', (input, changed) => {
    expect(SettingsSchema.parse(input)).toEqual({ ...DEFAULT_SETTINGS, ...changed });
  });
});

describe('bad settings say what is wrong', () => {
  it.each<[string, unknown, string[]]>([
    ['an empty icebox label', { iceboxLabel: '  ' }, ['iceboxLabel: must be a label name']],
    [
      'an icebox label with a space',
      { iceboxLabel: 'on ice' },
      ['iceboxLabel: must be one word (Jira labels cannot hold spaces)'],
    ],
    [
      'an icebox label that is a number',
      { iceboxLabel: 42 },
      ['iceboxLabel: must be text (got 42)'],
    ],
    ['BAU types as one string', { bauTypes: 'Bug' }, ['bauTypes: must be a list (got "Bug")']],
    ['an empty BAU type', { bauTypes: ['Bug', ''] }, ['bauTypes[1]: must be an issue type name']],
    ['an empty BAU label', { bauLabels: [' '] }, ['bauLabels[0]: must be a label name']],
    [
      'a BAU label that is a number',
      { bauLabels: ['bau', 3] },
      ['bauLabels[1]: must be text (got 3)'],
    ],
    [
      'a yes/no as text',
      { scheduleBoost: 'yes' },
      ['scheduleBoost: must be true or false (got "yes")'],
    ],
    ['a 0/1 flag', { rankAutomatically: 0 }, ['rankAutomatically: must be true or false (got 0)']],
    ['a negative share', { capacity: { okrMin: -5 } }, ['capacity.okrMin: must be 0..100']],
    ['a share above 100', { capacity: { okrMax: 120 } }, ['capacity.okrMax: must be 0..100']],
    [
      'a share as text',
      { capacity: { okrMin: '60%' } },
      ['capacity.okrMin: must be a number (got "60%")'],
    ],
    [
      'a band upside down',
      { capacity: { okrMin: 80, okrMax: 70 } },
      ['capacity.okrMin: okrMin must not be above okrMax'],
    ],
    [
      'a lower bound above the default upper bound',
      { capacity: { okrMin: 90 } },
      ['capacity.okrMin: okrMin must not be above okrMax'],
    ],
    [
      'a capacity that is not a mapping',
      { capacity: 65 },
      ['capacity: must be a mapping (got 65)'],
    ],
    ['a misspelt setting', { iceBoxLabel: 'later' }, ['unknown key "iceBoxLabel"']],
    ['a misspelt capacity bound', { capacity: { min: 60 } }, ['capacity: unknown key "min"']],
    ['settings that are a list', ['icebox'], ['must be a mapping (got a list)']],
  ])('rejects %s', (_name, input, expected) => {
    expect(problems(input)).toEqual(expected);
  });
});

describe('CapacitySchema', () => {
  it.each([
    [{}, true],
    [{ okrMin: 70, okrMax: 60 }, false],
    [{ okrMin: 100.5 }, false],
  ])('%j valid: %s', (input, valid) => {
    expect(CapacitySchema.safeParse(input).success).toBe(valid);
  });
});
