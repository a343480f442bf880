import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  formatOkrFileIssue,
  parseOkrFile,
  toOkrDocument,
  validateOkrDocument,
  type OkrFileIssue,
  type OkrFileResult,
} from '../../src/core/index';
import { yaml } from '../fixtures/yaml';

const PERIOD_FORMS = 'a quarter such as 2026-Q4, or { start: 2026-10-01, end: 2026-12-31 }';

function errorsOf(result: OkrFileResult): OkrFileIssue[] {
  if (result.ok) {
    throw new Error('expected the OKR file to be rejected');
  }
  return result.errors;
}

function accepted(result: OkrFileResult): Extract<OkrFileResult, { ok: true }> {
  if (!result.ok) {
    throw new Error(`expected the OKR file to be accepted: ${JSON.stringify(result.errors)}`);
  }
  return result;
}

describe('parseOkrFile: a valid file', () => {
  // The example from PRODUCT.md §1.
  const text = yaml`
    period: 2026-Q4                 # default for every objective below
    objectives:
      - id: O1
        title: Become the most user-friendly PM tool for creative agencies
        keyResults:
          - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55, current: 44 }
          - { id: O1-KR2, title: Reduce agency churn, baseline: 10, target: 8.5, unit: "%" }
      - id: O2
        title: Make templates the front door
        weight: 2
        period: 2026-Q4
        keyResults:
          - { id: O2-KR1, title: Template usage growth MoM, baseline: 0, target: 30, unit: "%" }
  `;

  it('reads objectives and key results with their defaults', () => {
    const { okrs, warnings } = accepted(parseOkrFile(text));
    expect(warnings).toEqual([]);
    const q4 = { label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' };
    expect(okrs.objectives).toEqual([
      {
        id: 'O1',
        title: 'Become the most user-friendly PM tool for creative agencies',
        period: q4,
        weight: 1,
        keyResults: [
          {
            id: 'O1-KR1',
            title: 'Increase NPS',
            objectiveId: 'O1',
            baseline: 40,
            target: 55,
            current: 44,
            deadline: '2026-12-31',
            weight: 1,
            progress: { source: 'manual' },
            checkIns: [],
          },
          {
            id: 'O1-KR2',
            title: 'Reduce agency churn',
            objectiveId: 'O1',
            baseline: 10,
            target: 8.5,
            current: 10,
            unit: '%',
            deadline: '2026-12-31',
            weight: 1,
            progress: { source: 'manual' },
            checkIns: [],
          },
        ],
      },
      {
        id: 'O2',
        title: 'Make templates the front door',
        period: q4,
        weight: 2,
        keyResults: [
          {
            id: 'O2-KR1',
            title: 'Template usage growth MoM',
            objectiveId: 'O2',
            baseline: 0,
            target: 30,
            current: 0,
            unit: '%',
            deadline: '2026-12-31',
            weight: 1,
            progress: { source: 'manual' },
            checkIns: [],
          },
        ],
      },
    ]);
  });

  it('uses the default settings when the file has no settings block', () => {
    expect(accepted(parseOkrFile(text)).settings).toEqual({
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
  });

  it('keeps owner, parent, weights, explicit deadlines and explicit periods', () => {
    const { okrs } = accepted(
      parseOkrFile(yaml`
        objectives:
          - id: COMPANY
            title: Be the agency operating system
            period: { start: 2026-07-01, end: 2027-06-30 }
            owner: Dana (CEO)
            keyResults:
              - { id: C-KR1, title: Paying agencies, baseline: 1200, target: 2000 }
          - id: O2
            title: Make onboarding effortless for new agency teams
            period: 2026-Q4
            parent: COMPANY
            owner: Priya (Head of Product)
            keyResults:
              - id: O2-KR3
                title: Roll out the onboarding checklist
                baseline: 0
                target: 100
                current: 50
                deadline: 2026-11-30
                weight: 1.5
      `),
    );
    const [company, onboarding] = okrs.objectives;
    expect(company?.period).toEqual({
      label: '2026-07-01..2027-06-30',
      start: '2026-07-01',
      end: '2027-06-30',
    });
    expect(company?.owner).toBe('Dana (CEO)');
    expect(company?.keyResults[0]?.deadline).toBe('2027-06-30');
    expect(onboarding?.parent).toBe('COMPANY');
    expect(onboarding?.keyResults[0]).toMatchObject({
      current: 50,
      deadline: '2026-11-30',
      weight: 1.5,
    });
  });

  it('accepts a "reduce" key result (target below baseline) and ids with dots and underscores', () => {
    const { okrs } = accepted(
      parseOkrFile(yaml`
        period: 2026-Q4
        objectives:
          - id: eng.platform_2026
            title: Keep the platform fast for agencies with big portfolios
            keyResults:
              - { id: eng.platform_2026-KR1, title: p95 board load in ms, baseline: 1800, target: 900 }
      `),
    );
    expect(okrs.objectives[0]?.keyResults[0]?.id).toBe('eng.platform_2026-KR1');
  });
});

describe('parseOkrFile: settings block', () => {
  const objectives = yaml`
    objectives:
      - id: O1
        title: Become the most user-friendly PM tool for creative agencies
        keyResults:
          - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }
  `;

  it('fills what the block leaves out with defaults', () => {
    const { settings } = accepted(
      parseOkrFile(
        yaml`
        period: 2026-Q4
        settings:
          iceboxLabel: later
          scheduleBoost: false
          capacity: { okrMin: 50 }
      ` + objectives,
      ),
    );
    expect(settings).toEqual({
      ...DEFAULT_SETTINGS,
      iceboxLabel: 'later',
      scheduleBoost: false,
      capacity: { okrMin: 50, okrMax: 70 },
    });
  });

  it.each([
    [
      'an icebox label with a space',
      'iceboxLabel: on ice',
      {
        path: 'settings.iceboxLabel',
        line: 3,
        message: 'must be one word (Jira labels cannot hold spaces)',
      },
    ],
    [
      'a band upside down',
      'capacity: { okrMin: 80, okrMax: 70 }',
      { path: 'settings.capacity.okrMin', line: 3, message: 'okrMin must not be above okrMax' },
    ],
    [
      'a share above 100',
      'capacity: { okrMax: 120 }',
      { path: 'settings.capacity.okrMax', line: 3, message: 'must be 0..100' },
    ],
    [
      'a yes/no written as text',
      'scheduleBoost: "no"',
      { path: 'settings.scheduleBoost', line: 3, message: 'must be true or false (got "no")' },
    ],
    [
      'a single BAU type instead of a list',
      'bauTypes: Bug',
      { path: 'settings.bauTypes', line: 3, message: 'must be a list (got "Bug")' },
    ],
    [
      'a misspelt setting',
      'iceBoxLabel: later',
      {
        path: 'settings',
        line: 3,
        message:
          'unknown key "iceBoxLabel" — accepted: iceboxLabel, bauTypes, bauLabels, scheduleBoost, capacity, rankAutomatically, health, staleAfterDays, checkInGroups',
      },
    ],
    [
      'a misspelt capacity bound',
      'capacity: { okrMinimum: 55 }',
      {
        path: 'settings.capacity',
        line: 3,
        message: 'unknown key "okrMinimum" — accepted: okrMin, okrMax',
      },
    ],
  ])('rejects %s', (_name, setting, expected) => {
    const text = `period: 2026-Q4\nsettings:\n  ${setting}\n${objectives}`;
    expect(errorsOf(parseOkrFile(text))).toEqual([expected]);
  });
});

describe('parseOkrFile: errors name the path and the line', () => {
  it.each<[string, string, OkrFileIssue[]]>([
    [
      'a target equal to its baseline',
      yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: Become the most user-friendly PM tool for creative agencies
            keyResults:
              - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }
          - id: O2
            title: Make templates the front door
            keyResults:
              - id: O2-KR1
                title: Template usage growth MoM
                baseline: 30
                target: 30
      `,
      [
        {
          path: 'objectives[1].keyResults[0].target',
          line: 13,
          message: 'must differ from baseline (30) — a KR needs somewhere to go',
        },
      ],
    ],
    [
      'a key result id used twice',
      yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: Become the most user-friendly PM tool for creative agencies
            keyResults:
              - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }
          - id: O2
            title: Make templates the front door
            keyResults:
              - id: O1-KR1
                title: Template usage growth MoM
                baseline: 0
                target: 30
      `,
      [
        {
          path: 'objectives[1].keyResults[0].id',
          line: 10,
          message:
            'id "O1-KR1" is already used by objectives[0].keyResults[0].id — ids must be unique',
        },
      ],
    ],
    [
      'an objective id used twice',
      yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: Become the most user-friendly PM tool for creative agencies
            keyResults:
              - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }
          - id: O1
            title: Make templates the front door
            keyResults:
              - { id: O2-KR1, title: Template usage growth MoM, baseline: 0, target: 30 }
      `,
      [
        {
          path: 'objectives[1].id',
          line: 7,
          message: 'id "O1" is already used by objectives[0].id — ids must be unique',
        },
      ],
    ],
    [
      'an id with a space',
      yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: Become the most user-friendly PM tool for creative agencies
            keyResults:
              - { id: O1 KR1, title: Increase NPS, baseline: 40, target: 55 }
      `,
      [
        {
          path: 'objectives[0].keyResults[0].id',
          line: 6,
          message: 'must use only letters, digits, ".", "_" and "-" (such as O1-KR2)',
        },
      ],
    ],
    [
      'an objective with an empty key result list',
      yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: Become the most user-friendly PM tool for creative agencies
            keyResults: []
      `,
      [{ path: 'objectives[0].keyResults', line: 5, message: 'needs at least one key result' }],
    ],
    [
      'an objective without key results',
      yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: Become the most user-friendly PM tool for creative agencies
            keyResults:
              - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }
          - id: O2
            title: Make templates the front door
      `,
      // The key is absent, so the line is the objective's own.
      [{ path: 'objectives[1].keyResults', line: 7, message: 'is required' }],
    ],
    [
      'a file without objectives',
      yaml`
        period: 2026-Q4
        objectives: []
      `,
      [{ path: 'objectives', line: 2, message: 'needs at least one objective' }],
    ],
    [
      'an empty title',
      yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: "  "
            keyResults:
              - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }
      `,
      [{ path: 'objectives[0].title', line: 4, message: 'must not be empty' }],
    ],
    [
      'a weight of zero',
      yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: Become the most user-friendly PM tool for creative agencies
            weight: 0
            keyResults:
              - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55, weight: -1 }
      `,
      [
        { path: 'objectives[0].weight', line: 5, message: 'must be a number > 0' },
        { path: 'objectives[0].keyResults[0].weight', line: 7, message: 'must be a number > 0' },
      ],
    ],
  ])('rejects %s', (_name, text, expected) => {
    expect(errorsOf(parseOkrFile(text))).toEqual(expected);
  });

  it('reports every error of the file at once, each with its own line', () => {
    const errors = errorsOf(
      parseOkrFile(yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: Become the most user-friendly PM tool for creative agencies
            keyResults:
              - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 40 }
              - { id: O1-KR1, title: Reduce agency churn, baseline: 10, target: 8.5 }
          - id: O2
            title: Make templates the front door
            keyResults:
              - { id: O2-KR1, title: Template usage growth MoM, baseline: 0, target: 30, deadline: 2027-01-15 }
      `),
    );
    expect(errors.map((e) => [e.path, e.line])).toEqual([
      ['objectives[0].keyResults[0].target', 6],
      ['objectives[0].keyResults[1].id', 7],
      ['objectives[1].keyResults[0].deadline', 11],
    ]);
  });
});

describe('parseOkrFile: numbers must be finite numbers', () => {
  it.each([
    ['target: .inf', 'target', 'must be a number (got Infinity)'],
    ['target: -.inf', 'target', 'must be a number (got -Infinity)'],
    ['target: .nan', 'target', 'must be a number (got NaN)'],
    ['target: "55"', 'target', 'must be a number (got "55")'],
    ['target: fifty-five', 'target', 'must be a number (got "fifty-five")'],
    ['current: .nan', 'current', 'must be a number (got NaN)'],
    ['weight: .inf', 'weight', 'must be a number (got Infinity)'],
    ['target: ~', 'target', 'must be a number (got nothing)'],
  ])('rejects %s', (field, key, message) => {
    const head = yaml`
      period: 2026-Q4
      objectives:
        - id: O1
          title: Become the most user-friendly PM tool for creative agencies
          keyResults:
            - id: O1-KR1
              title: Increase NPS
              baseline: 40
    `;
    // line 9 holds the field under test; a valid target follows when the field is not the target
    const text = head + `        ${field}\n` + (key === 'target' ? '' : '        target: 55\n');
    expect(errorsOf(parseOkrFile(text))).toEqual([
      { path: `objectives[0].keyResults[0].${key}`, line: 9, message },
    ]);
  });

  it('rejects a missing baseline as required, on the key result line', () => {
    expect(
      errorsOf(
        parseOkrFile(yaml`
          period: 2026-Q4
          objectives:
            - id: O1
              title: Become the most user-friendly PM tool for creative agencies
              keyResults:
                - { id: O1-KR1, title: Increase NPS, target: 55 }
        `),
      ),
    ).toEqual([{ path: 'objectives[0].keyResults[0].baseline', line: 6, message: 'is required' }]);
  });
});

describe('parseOkrFile: periods and dates', () => {
  const objective = (lines: string): string =>
    yaml`
    objectives:
      - id: O1
        title: Become the most user-friendly PM tool for creative agencies
  ` + lines;

  it.each<[string, string, OkrFileIssue[]]>([
    [
      'a file period that is no quarter',
      'period: 2026-Q5\n' +
        objective(
          '    keyResults:\n      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }\n',
        ),
      [{ path: 'period', line: 1, message: `"2026-Q5" is not a period — use ${PERIOD_FORMS}` }],
    ],
    [
      'an objective period that is no quarter',
      objective(
        '    period: Q4\n    keyResults:\n      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }\n',
      ),
      [
        {
          path: 'objectives[0].period',
          line: 4,
          message: `"Q4" is not a period — use ${PERIOD_FORMS}`,
        },
      ],
    ],
    [
      'a period written as a number',
      'period: 2026\n' +
        objective(
          '    keyResults:\n      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }\n',
        ),
      [{ path: 'period', line: 1, message: `must be ${PERIOD_FORMS}` }],
    ],
    [
      'a period range that ends before it starts',
      objective(
        '    period: { start: 2026-12-31, end: 2026-10-01 }\n    keyResults:\n      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }\n',
      ),
      [
        {
          path: 'objectives[0].period',
          line: 4,
          message: 'end 2026-10-01 is before start 2026-12-31',
        },
      ],
    ],
    [
      'a period range with an impossible date',
      objective(
        '    period: { start: 2026-10-01, end: 2026-12-32 }\n    keyResults:\n      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }\n',
      ),
      [
        {
          path: 'objectives[0].period.end',
          line: 4,
          message: 'must be a real date written YYYY-MM-DD (got "2026-12-32")',
        },
      ],
    ],
    [
      'a period range with a misspelt key',
      objective(
        '    period: { start: 2026-10-01, finish: 2026-12-31 }\n    keyResults:\n      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }\n',
      ),
      [{ path: 'objectives[0].period', line: 4, message: `must be ${PERIOD_FORMS}` }],
    ],
    [
      'an objective with no period anywhere',
      objective(
        '    keyResults:\n      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }\n',
      ),
      [
        {
          path: 'objectives[0].period',
          line: 2,
          message: `needs a period — set it here or at the top (${PERIOD_FORMS})`,
        },
      ],
    ],
    [
      'a deadline that is not a real date',
      'period: 2026-Q4\n' +
        objective(
          '    keyResults:\n      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55, deadline: 2026-11-31 }\n',
        ),
      [
        {
          path: 'objectives[0].keyResults[0].deadline',
          line: 6,
          message: 'must be a real date written YYYY-MM-DD (got "2026-11-31")',
        },
      ],
    ],
    [
      'a deadline written the European way',
      'period: 2026-Q4\n' +
        objective(
          '    keyResults:\n      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55, deadline: 30.11.2026 }\n',
        ),
      [
        {
          path: 'objectives[0].keyResults[0].deadline',
          line: 6,
          message: 'must be a real date written YYYY-MM-DD (got "30.11.2026")',
        },
      ],
    ],
    [
      'a deadline after the period',
      'period: 2026-Q4\n' +
        objective(
          '    keyResults:\n      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55, deadline: 2027-01-15 }\n',
        ),
      [
        {
          path: 'objectives[0].keyResults[0].deadline',
          line: 6,
          message: "2027-01-15 is outside the objective's period 2026-Q4 (2026-10-01..2026-12-31)",
        },
      ],
    ],
    [
      'a deadline before the period',
      'period: 2026-Q4\n' +
        objective(
          '    keyResults:\n      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55, deadline: 2026-09-30 }\n',
        ),
      [
        {
          path: 'objectives[0].keyResults[0].deadline',
          line: 6,
          message: "2026-09-30 is outside the objective's period 2026-Q4 (2026-10-01..2026-12-31)",
        },
      ],
    ],
  ])('rejects %s', (_name, text, expected) => {
    expect(errorsOf(parseOkrFile(text))).toEqual(expected);
  });

  it.each(['2026-10-01', '2026-12-31'])('accepts a deadline on the period edge %s', (deadline) => {
    const text =
      'period: 2026-Q4\n' +
      objective(
        `    keyResults:\n      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55, deadline: ${deadline} }\n`,
      );
    expect(accepted(parseOkrFile(text)).okrs.objectives[0]?.keyResults[0]?.deadline).toBe(deadline);
  });

  it("checks a deadline against its own objective's period, not the file's", () => {
    const text =
      'period: 2026-Q4\n' +
      objective(
        '    period: 2027-Q1\n    keyResults:\n      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55, deadline: 2026-12-15 }\n',
      );
    expect(errorsOf(parseOkrFile(text))).toEqual([
      {
        path: 'objectives[0].keyResults[0].deadline',
        line: 7,
        message: "2026-12-15 is outside the objective's period 2027-Q1 (2027-01-01..2027-03-31)",
      },
    ]);
  });
});

describe('parseOkrFile: parents', () => {
  const file = (parents: [string, string | null][]): string =>
    'period: 2026-Q4\nobjectives:\n' +
    parents
      .map(
        ([id, parent]) =>
          `  - id: ${id}\n    title: Objective ${id}\n` +
          (parent === null ? '' : `    parent: ${parent}\n`) +
          `    keyResults:\n      - { id: ${id}-KR1, title: A key result, baseline: 0, target: 1 }\n`,
      )
      .join('');

  it('accepts a company → team chain', () => {
    expect(
      accepted(
        parseOkrFile(
          file([
            ['COMPANY', null],
            ['PRODUCT', 'COMPANY'],
            ['ONBOARDING', 'PRODUCT'],
          ]),
        ),
      ).okrs.objectives.map((o) => o.parent),
    ).toEqual([undefined, 'COMPANY', 'PRODUCT']);
  });

  it.each<[string, [string, string | null][], OkrFileIssue[]]>([
    [
      'an unknown parent',
      [
        ['COMPANY', null],
        ['O2', 'COMPNAY'],
      ],
      [
        {
          path: 'objectives[1].parent',
          line: 9,
          message: '"COMPNAY" is not an objective in this file — known: COMPANY, O2',
        },
      ],
    ],
    [
      'an objective that is its own parent',
      [['O1', 'O1']],
      [{ path: 'objectives[0].parent', line: 5, message: 'parents form a cycle: O1 → O1' }],
    ],
    [
      'two objectives that are each other’s parent',
      [
        ['O1', 'O2'],
        ['O2', 'O1'],
      ],
      [
        { path: 'objectives[0].parent', line: 5, message: 'parents form a cycle: O1 → O2 → O1' },
        { path: 'objectives[1].parent', line: 10, message: 'parents form a cycle: O2 → O1 → O2' },
      ],
    ],
    [
      'a three-step cycle below a sound root',
      [
        ['COMPANY', null],
        ['A', 'C'],
        ['B', 'A'],
        ['C', 'B'],
      ],
      [
        { path: 'objectives[1].parent', line: 9, message: 'parents form a cycle: A → C → B → A' },
        { path: 'objectives[2].parent', line: 14, message: 'parents form a cycle: B → A → C → B' },
        { path: 'objectives[3].parent', line: 19, message: 'parents form a cycle: C → B → A → C' },
      ],
    ],
  ])('rejects %s', (_name, parents, expected) => {
    expect(errorsOf(parseOkrFile(file(parents)))).toEqual(expected);
  });

  it('does not loop on a chain that leads into someone else’s cycle', () => {
    const errors = errorsOf(
      parseOkrFile(
        file([
          ['LEAF', 'A'],
          ['A', 'B'],
          ['B', 'A'],
        ]),
      ),
    );
    expect(errors.map((e) => e.path)).toEqual(['objectives[1].parent', 'objectives[2].parent']);
  });
});

describe('parseOkrFile: focus', () => {
  const withKrs = (n: number): string =>
    yaml`
      period: 2026-Q4
      objectives:
        - id: O1
          title: Become the most user-friendly PM tool for creative agencies
          keyResults:
    ` +
    Array.from(
      { length: n },
      (_, i) =>
        `      - { id: O1-KR${i + 1}, title: Key result ${i + 1}, baseline: 0, target: 10 }\n`,
    ).join('');

  it.each([1, 3, 5])('%i key results raise no warning', (n) => {
    expect(accepted(parseOkrFile(withKrs(n))).warnings).toEqual([]);
  });

  it('more than 5 key results is a warning, not an error', () => {
    const result = accepted(parseOkrFile(withKrs(6)));
    expect(result.okrs.objectives[0]?.keyResults).toHaveLength(6);
    expect(result.warnings).toEqual([
      {
        path: 'objectives[0].keyResults',
        line: 6,
        message: 'O1 has 6 key results — 3 to 5 keep an objective focused',
      },
    ]);
  });

  it('keeps the warning beside errors', () => {
    const text = withKrs(7).replace('target: 10 }', 'target: 0 }');
    const result = parseOkrFile(text);
    expect(errorsOf(result)).toHaveLength(1);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'O1 has 7 key results — 3 to 5 keep an objective focused',
    ]);
  });
});

describe('parseOkrFile: unknown keys name the accepted keys', () => {
  it.each<[string, string, OkrFileIssue[]]>([
    [
      'a misspelt key result field',
      yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: Become the most user-friendly PM tool for creative agencies
            keyResults:
              - id: O1-KR1
                title: Increase NPS
                baseline: 40
                tagret: 55
      `,
      [
        { path: 'objectives[0].keyResults[0].target', line: 6, message: 'is required' },
        {
          path: 'objectives[0].keyResults[0]',
          line: 9,
          message:
            'unknown key "tagret" — accepted: id, title, baseline, target, current, unit, deadline, weight, owner, progress, checkIns',
        },
      ],
    ],
    [
      'an objective field that does not exist',
      yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: Become the most user-friendly PM tool for creative agencies
            owners:
              - Dana
            keyResults:
              - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }
      `,
      [
        {
          path: 'objectives[0]',
          line: 5,
          message:
            'unknown key "owners" — accepted: id, title, period, weight, owner, parent, keyResults',
        },
      ],
    ],
    [
      'a top-level key that does not exist',
      yaml`
        period: 2026-Q4
        quarter: 2026-Q4
        objectives:
          - id: O1
            title: Become the most user-friendly PM tool for creative agencies
            keyResults:
              - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }
      `,
      [
        {
          path: '',
          line: 2,
          message: 'unknown key "quarter" — accepted: period, objectives, settings',
        },
      ],
    ],
  ])('rejects %s', (_name, text, expected) => {
    expect(errorsOf(parseOkrFile(text))).toEqual(expected);
  });
});

describe('parseOkrFile: not a usable YAML document', () => {
  it.each<[string, string, number, RegExp]>([
    [
      'an unclosed flow sequence',
      yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: [Become the most user-friendly PM tool
            keyResults:
              - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55 }
      `,
      // where the parser finds out: the next line, which neither continues nor closes it
      5,
      /^not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a \]/,
    ],
    [
      'a line indented one space short',
      yaml`
        period: 2026-Q4
        objectives:
          - id: O1
           title: Become the most user-friendly PM tool for creative agencies
      `,
      4,
      /^not valid YAML: /,
    ],
    [
      'a tab used for indentation',
      'period: 2026-Q4\nobjectives:\n  - id: O1\n\ttitle: x\n',
      4,
      /^not valid YAML: Tabs are not allowed as indentation/,
    ],
    [
      'a key written twice',
      yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: Become the most user-friendly PM tool for creative agencies
            title: Make templates the front door
      `,
      5,
      /^not valid YAML: Map keys must be unique/,
    ],
  ])('reports %s with its line', (_name, text, line, message) => {
    const errors = errorsOf(parseOkrFile(text));
    expect(errors[0]?.path).toBe('');
    expect(errors[0]?.line).toBe(line);
    expect(errors[0]?.message).toMatch(message);
    // One line of message: the YAML library's code frame stays out.
    expect(errors[0]?.message).not.toContain('\n');
  });

  it.each([
    ['an empty file', '', 'must be a mapping (got nothing)'],
    ['a list at the top', '- O1\n- O2\n', 'must be a mapping (got a list)'],
    [
      'a sentence',
      'Become the most user-friendly PM tool\n',
      'must be a mapping (got "Become the most user-friendly PM tool")',
    ],
  ])('rejects %s as a whole', (_name, text, message) => {
    expect(errorsOf(parseOkrFile(text)).map((e) => [e.path, e.message])).toEqual([['', message]]);
  });
});

describe('formatOkrFileIssue', () => {
  it.each<[OkrFileIssue, string]>([
    [
      {
        path: 'objectives[1].keyResults[0].target',
        line: 12,
        message: 'must differ from baseline (30)',
      },
      'okrs.yml:12: objectives[1].keyResults[0].target: must differ from baseline (30)',
    ],
    [{ path: '', line: 3, message: 'not valid YAML: x' }, 'okrs.yml:3: not valid YAML: x'],
    [
      { path: '', message: 'must be a mapping (got nothing)' },
      'okrs.yml: must be a mapping (got nothing)',
    ],
    [{ path: 'period', message: 'is required' }, 'okrs.yml: period: is required'],
  ])('%j reads as %s', (issue, text) => {
    expect(formatOkrFileIssue('okrs.yml', issue)).toBe(text);
  });
});

describe('parseOkrFile: living key results (PRODUCT.md §7)', () => {
  const living = yaml`
    period: 2026-Q4
    objectives:
      - id: O1
        title: Delight agencies
        owner: lee@example.com
        keyResults:
          - id: O1-KR1
            title: Increase NPS
            baseline: 40
            target: 55
            owner: ana@example.com
            progress: { source: push }
            checkIns:
              - { date: 2026-11-03, value: 44, by: ana@example.com }
              - { date: 2026-10-06, value: 41, note: Q3 survey }
          - id: O1-KR2
            title: Ship onboarding
            baseline: 0
            target: 100
            progress: { source: linked-done, by: effort }
          - id: O1-KR3
            title: Templates used
            baseline: 0
            target: 500
            progress: { source: query, jql: "project = ENG AND statusCategory = Done" }
  `;

  it('reads owners, progress sources and check-ins (sorted by date)', () => {
    const [kr1, kr2, kr3] = accepted(parseOkrFile(living)).okrs.objectives[0]!.keyResults;
    expect(kr1).toMatchObject({
      owner: 'ana@example.com',
      progress: { source: 'push' },
      checkIns: [
        { date: '2026-10-06', value: 41, note: 'Q3 survey' },
        { date: '2026-11-03', value: 44, by: 'ana@example.com' },
      ],
    });
    expect(kr2?.progress).toEqual({ source: 'linked-done', by: 'effort' });
    expect(kr3?.progress).toEqual({
      source: 'query',
      jql: 'project = ENG AND statusCategory = Done',
      measure: 'count',
    });
  });

  it.each([
    [
      'a check-in date that is no date',
      '{ date: 2026-11-31, value: 44 }',
      'objectives[0].keyResults[0].checkIns[0].date',
      'must be a real date written YYYY-MM-DD (got "2026-11-31")',
    ],
    [
      'a check-in value written as text',
      '{ date: 2026-11-03, value: "44" }',
      'objectives[0].keyResults[0].checkIns[0].value',
      'must be a number (got "44")',
    ],
    [
      'an unknown key in a check-in',
      '{ date: 2026-11-03, value: 44, author: ana }',
      'objectives[0].keyResults[0].checkIns[0]',
      'unknown key "author" — accepted: date, value, note, by, source',
    ],
  ])('%s names the path and line', (_, entry, path, message) => {
    const errors = errorsOf(
      parseOkrFile(yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: Delight agencies
            keyResults:
              - id: O1-KR1
                title: Increase NPS
                baseline: 40
                target: 55
                checkIns:
                  - ${entry}
      `),
    );
    expect(errors).toEqual([{ path, line: 11, message }]);
  });

  it('a progress source it does not know says which it does', () => {
    const errors = errorsOf(
      parseOkrFile(yaml`
        period: 2026-Q4
        objectives:
          - id: O1
            title: Delight agencies
            keyResults:
              - { id: O1-KR1, title: NPS, baseline: 40, target: 55, progress: { source: survey } }
      `),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      path: 'objectives[0].keyResults[0].progress.source',
      line: 6,
    });
    expect(errors[0]?.message).toContain('manual | linked-done | query | push');
  });

  it('validateOkrDocument applies the same checks to data, with paths and no lines', () => {
    const result = validateOkrDocument({
      objectives: [
        {
          id: 'O1',
          title: 'Delight agencies',
          period: '2026-Q5',
          keyResults: [{ id: 'O1-KR1', title: 'NPS', baseline: 40, target: 'fifty-five' }],
        },
      ],
    });
    expect(errorsOf(result).map((e) => [e.path, e.line])).toEqual([
      ['objectives[0].keyResults[0].target', undefined],
    ]);
    const period = validateOkrDocument({
      objectives: [
        {
          id: 'O1',
          title: 'Delight agencies',
          period: '2026-Q5',
          keyResults: [{ id: 'O1-KR1', title: 'NPS', baseline: 40, target: 55 }],
        },
      ],
    });
    expect(errorsOf(period).map((e) => e.path)).toEqual(['objectives[0].period']);
  });

  it('toOkrDocument gives back a document that reads as the same OKRs, defaults left out', () => {
    const first = accepted(parseOkrFile(living)).okrs;
    const document = toOkrDocument(first, { checkIns: true });
    expect(document.objectives[0]).not.toHaveProperty('weight');
    expect(document.objectives[0]?.keyResults[0]).not.toHaveProperty('deadline');
    expect(accepted(validateOkrDocument(document)).okrs).toEqual(first);
    const bare = toOkrDocument(first, { checkIns: false });
    expect(bare.objectives[0]?.keyResults[0]).not.toHaveProperty('checkIns');
  });

  it('keeps a custom period as start and end', () => {
    const custom = accepted(
      parseOkrFile(yaml`
        objectives:
          - id: O1
            title: Launch
            period: { start: 2026-11-01, end: 2027-01-31 }
            keyResults: [{ id: O1-KR1, title: Beta sign-ups, baseline: 0, target: 200 }]
      `),
    ).okrs;
    expect(toOkrDocument(custom, { checkIns: false }).objectives[0]?.period).toEqual({
      start: '2026-11-01',
      end: '2027-01-31',
    });
  });
});
