import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyrank } from './keyrank-binary';

/**
 * Titles, keys, sprint and OKR names come from whoever wrote the files; `keyrank plan` must
 * show their control characters, never send them to the terminal. The expected escapes are
 * written out by hand here, independently of src/cli/terminal-text.ts.
 */

const OKRS = 'test/fixtures/cli/okrs.yml';

/** Any character a terminal could obey, other than the newline that ends each line. */
const RAW_CONTROL =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** [what it is, as written in the file, as the table must show it] */
const HOSTILE_TITLES: [string, string, string][] = [
  ['a screen clear', 'Clear \u001b[2J\u001b[H', 'Clear \\u001b[2J\\u001b[H'],
  [
    'a hidden OSC 8 link',
    '\u001b]8;;https://evil.example\u0007Docs\u001b]8;;\u0007',
    '\\u001b]8;;https://evil.example\\u0007Docs\\u001b]8;;\\u0007',
  ],
  ['a window title (OSC 0)', '\u001b]0;pwned\u001b\\Title', '\\u001b]0;pwned\\u001b\\Title'],
  ['NUL', 'Nul\u0000byte', 'Nul\\u0000byte'],
  ['a carriage return', 'Harmless\rEvil', 'Harmless\\rEvil'],
  ['a tab', 'Tab\there', 'Tab\\there'],
  ['backspace and bell', 'Bell\u0007\u0008', 'Bell\\u0007\\u0008'],
  ['DEL', 'Del\u007fete', 'Del\\u007fete'],
  ['a C1 CSI (0x9b)', 'Red \u009b31m', 'Red \\u009b31m'],
  ['a bidi override', 'Pay \u202e0001$\u202c now', 'Pay \\u202e0001$\\u202c now'],
  ['a bidi isolate', 'Iso \u2066late\u2069', 'Iso \\u2066late\\u2069'],
  ['a line separator', 'Line\u2028break', 'Line\\u2028break'],
  [
    'a newline forging a row',
    'Real title\n  ↕  1  FORGED-1      999  Forged row',
    'Real title\\n  ↕  1  FORGED-1      999  Forged row',
  ],
];

const RICE = { reach: 100, impact: 1, confidence: 100, effort: 1 };
const HOSTILE_KEY = 'WEB-\u001b[8m\u2066X';
const HOSTILE_SPRINT = 'Sprint \u009b31m9\r';
const HOSTILE_LINK = 'O9-\u001b]8;;x\u0007KR';

const BACKLOG = [
  ...HOSTILE_TITLES.map(([, title], i) => ({
    key: `WEB-${i + 1}`,
    title,
    status: 'backlog',
    keyResults: ['O1-KR1'],
    rice: RICE,
    sprint: HOSTILE_SPRINT,
  })),
  { key: HOSTILE_KEY, title: 'Key', status: 'backlog', keyResults: ['O1-KR1'], rice: RICE },
  { key: 'ICE-1', title: 'Linked nowhere', status: 'backlog', keyResults: [HOSTILE_LINK] },
];

let scratch: string;
let scratchCount = 0;

function scratchFile(name: string, text: string): string {
  const path = join(scratch, `${++scratchCount}-${name}`);
  writeFileSync(path, text);
  return path;
}

let backlogPath: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'keyrank-terminal-'));
  backlogPath = scratchFile('hostile.json', JSON.stringify(BACKLOG, null, 2));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function plan(format: 'table' | 'json', okrs = OKRS) {
  return keyrank([
    'plan',
    '--okrs',
    okrs,
    '--issues',
    backlogPath,
    '--as-of',
    '2026-11-15',
    '--format',
    format,
  ]);
}

describe.concurrent('keyrank plan --format table shows control characters as text', () => {
  it('prints no raw control or bidi character anywhere', async () => {
    const run = await plan('table');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toBe('');
  });

  it.each(HOSTILE_TITLES)('a title with %s', async (_what, _raw, shown) => {
    expect((await plan('table')).stdout).toContain(shown);
  });

  it('a newline in a title cannot forge a row', async () => {
    const out = (await plan('table')).stdout;
    const roadmap = out.slice(out.indexOf('Roadmap'), out.indexOf('\nMoves'));
    const rows = roadmap.split('\n').filter((line) => /^ {2}[↕ ]\s*\d+ {2}/u.test(line));
    // One row per scored issue: the hostile titles, then the hostile key.
    expect(rows.map((row) => /^ {2}[↕ ]\s*\d+ {2}(\S+)/u.exec(row)?.[1])).toEqual([
      ...HOSTILE_TITLES.map((_, i) => `WEB-${i + 1}`),
      'WEB-\\u001b[8m\\u2066X',
    ]);
    expect(out).not.toMatch(/^ {2}↕ {2}1 {2}FORGED-1/mu);
  });

  it('keys, sprint names and link names are escaped too', async () => {
    const out = (await plan('table')).stdout;
    expect(out).toContain('WEB-\\u001b[8m\\u2066X');
    expect(out).toContain('Sprint \\u009b31m9\\r: OKR 100%');
    expect(out).toContain('O9-\\u001b]8;;x\\u0007KR is not a known key result');
  });

  it('OKR titles and units are escaped', async () => {
    const okrs = scratchFile(
      'hostile.yml',
      [
        'period: 2026-Q4',
        'objectives:',
        '  - id: O1',
        '    title: "Delight \\e[2J agencies"',
        '    keyResults:',
        '      - { id: O1-KR1, title: "NPS \\u202Egnisiar\\u202C", baseline: 40, target: 60, unit: "\\x9B%" }',
        '',
      ].join('\n'),
    );
    const run = await plan('table', okrs);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain('O1  Delight \\u001b[2J agencies  (weight 1');
    expect(run.stdout).toContain('O1-KR1  NPS \\u202egnisiar\\u202c: 40\\u009b% → 60\\u009b%');
  });
});

/** Owners, check-in authors and notes: a stale KR with each, and one falling back to its objective's owner. */
const HOSTILE_CHECK_INS_YAML = [
  'period: 2026-Q4',
  'objectives:',
  '  - id: O1',
  '    title: Delight',
  '    owner: "Dana \\e]8;;https://evil.example\\aCEO"',
  '    keyResults:',
  '      - id: O1-KR1',
  '        title: Raise NPS',
  '        baseline: 40',
  '        target: 60',
  '        owner: "Ana \\u202Eevil"',
  '        checkIns:',
  '          - { date: 2026-10-20, value: 42, note: "fine\\nStale: none", by: "Sam \\x9B31m" }',
  '      - { id: O1-KR2, title: Cut churn, baseline: 10, target: 6 }',
  '',
].join('\n');

describe.concurrent('living key results: owners, authors and notes are escaped', () => {
  it('in the table: the health line and the Stale section', async () => {
    const run = await plan('table', scratchFile('hostile-check-ins.yml', HOSTILE_CHECK_INS_YAML));
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    // The newline in the note cannot forge a "Stale: none" line.
    expect(run.stdout).toContain(
      '              behind · last check-in 2026-10-20: 42 by Sam \\u009b31m — fine\\nStale: none · stale\n',
    );
    expect(run.stdout).not.toMatch(/^Stale: none/m);
    const stale = run.stdout.slice(
      run.stdout.indexOf('\nStale:') + 1,
      run.stdout.indexOf('\nCoverage'),
    );
    expect(stale).toBe(
      [
        'Stale: 2 key results without a check-in in the last 14 days',
        '  O1-KR1     Raise NPS',
        '             owner Ana \\u202eevil · last check-in 2026-10-20, 26 days ago',
        '  O1-KR2     Cut churn',
        '             owner Dana \\u001b]8;;https://evil.example\\u0007CEO · no check-in since the period began on 2026-10-01, 45 days ago',
        '',
      ].join('\n'),
    );
  });

  it('in JSON: exact, as \\u escapes', async () => {
    const run = await plan('json', scratchFile('hostile-check-ins.yml', HOSTILE_CHECK_INS_YAML));
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    const result = JSON.parse(run.stdout) as {
      keyResults: { checkIns: { note?: string; by?: string }[] }[];
    };
    expect(result.keyResults[0]?.checkIns).toEqual([
      { date: '2026-10-20', value: 42, note: 'fine\nStale: none', by: 'Sam \u009b31m' },
    ]);
  });
});

describe.concurrent('keyrank plan --format json keeps the data exact', () => {
  it('is valid JSON with no raw control or bidi character, and round-trips every value', async () => {
    const run = await plan('json');
    expect(run.status).toBe(0);
    // JSON.stringify leaves DEL, C1 and bidi characters raw; they are \u-escaped instead.
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    const result = JSON.parse(run.stdout) as {
      issues: { key: string; problems: string[] }[];
      capacity: { sprint: string }[];
    };
    expect(result.issues.map((issue) => issue.key).sort()).toEqual(
      BACKLOG.map((issue) => issue.key).sort(),
    );
    expect(result.capacity.map((c) => c.sprint)).toEqual([HOSTILE_SPRINT]);
    expect(result.issues.find((issue) => issue.key === 'ICE-1')?.problems).toEqual([
      `${HOSTILE_LINK} is not a known key result`,
    ]);
  });
});

describe.concurrent('stderr shows control characters from arguments and files as text', () => {
  /** Each case: the arguments (or a file to write first), the exit code and what stderr shows. */
  it.each([
    {
      name: 'a bad --as-of',
      args: ['--as-of', '\u001b[2J2026-11-15'],
      status: 2,
      shown:
        'keyrank plan: --as-of must be a date written YYYY-MM-DD, not "\\u001b[2J2026-11-15"\n',
    },
    {
      name: 'a bad --format',
      args: ['--format', 'x\u009b2J'],
      status: 2,
      shown: 'keyrank plan: --format must be table or json, not "x\\u009b2J"\n',
    },
    {
      name: 'an unknown option',
      args: ['--\u001b]0;pwned\u0007'],
      status: 2,
      shown: "keyrank plan: Unknown option '--\\u001b]0;pwned\\u0007'",
    },
    {
      name: 'a missing file',
      args: ['--okrs', 'nope\u001b[2J\n.yml'],
      status: 1,
      shown: 'error: cannot read --okrs nope\\u001b[2J\\n.yml: no such file\n',
    },
  ])('$name', async ({ args, status, shown }) => {
    const run = await keyrank(['plan', '--issues', backlogPath, ...args]);
    expect(run.status).toBe(status);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain(shown);
  });

  it('an unknown command', async () => {
    const run = await keyrank(['\u001b]8;;https://evil.example\u0007plan']);
    expect(run.status).toBe(2);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toMatch(/^keyrank: unknown command "/u);
    expect(run.stderr.split('\n')[0]).toBe(
      'keyrank: unknown command "\\u001b]8;;https://evil.example\\u0007plan"',
    );
  });

  it('a skipped backlog entry: a newline in its key cannot forge a second error line', async () => {
    const path = scratchFile(
      'skipped.json',
      JSON.stringify([{ key: 'BAD-1\nerror: all good', status: 'started' }]),
    );
    const run = await keyrank(['plan', '--okrs', OKRS, '--issues', path, '--as-of', '2026-11-15']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `error: ${path}: [0] BAD-1\\nerror: all good: skipped — status: must be one of backlog, todo, in_progress, done\n`,
    );
  });

  it('an OKR value quoted in a validation message', async () => {
    const okrs = scratchFile(
      'quoted.yml',
      [
        'period: 2026-Q4',
        'objectives:',
        '  - id: O1',
        '    title: T',
        '    keyResults:',
        '      - { id: K1, title: T, baseline: 0, target: "\\e[31msixty\\r" }',
        '',
      ].join('\n'),
    );
    const run = await keyrank(['plan', '--okrs', okrs, '--issues', backlogPath]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `error: ${okrs}:6: objectives[0].keyResults[0].target: must be a number (got "\\u001b[31msixty\\r")\n`,
    );
  });
});
