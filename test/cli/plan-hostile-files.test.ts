import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyrank, ROOT, type RunOptions } from './keyrank-binary';

/**
 * `keyrank plan` on files built to hurt: endless or huge inputs, YAML alias bombs, deep
 * nesting, byte order marks, early years and scores too large for a number. Each is bad input
 * (exit 1, the file and the line) or a plan, never exit 70, a stack trace or a runaway process.
 */

const FIXTURES = 'test/fixtures/cli';
const OKRS = `${FIXTURES}/okrs.yml`;
const BACKLOG = `${FIXTURES}/backlog.json`;
const LIMIT = 'larger than 64 MiB, the most Keyrank reads from one file';
/** Node alone takes about 50 MB; reading the whole limit adds 64 MiB. Before, 7.5 GB. */
const PEAK_KB = 256 * 1024;

let scratch: string;
let scratchCount = 0;
let peakHook: string;

function scratchFile(name: string, text: string): string {
  const path = join(scratch, `${++scratchCount}-${name}`);
  writeFileSync(path, text);
  return path;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'keyrank-hostile-'));
  // Loaded into the child with --import: writes its peak memory (kB) just before it exits.
  peakHook = scratchFile(
    'peak.mjs',
    "import { writeFileSync } from 'node:fs';\n" +
      "process.on('exit', () => writeFileSync(process.env.KEYRANK_TEST_PEAK, String(process.resourceUsage().maxRSS)));\n",
  );
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs `keyrank plan` and also returns the process's peak resident memory in kB. */
async function planMeasured(args: string[], options: RunOptions = {}) {
  const peakFile = join(scratch, `${++scratchCount}-peak.txt`);
  const run = await keyrank(['plan', '--as-of', '2026-11-15', ...args], {
    ...options,
    env: { ...options.env, KEYRANK_TEST_PEAK: peakFile },
    nodeArgs: ['--import', pathToFileURL(peakHook).href],
  });
  return { ...run, peakKb: Number(readFileSync(peakFile, 'utf8')) };
}

/** Runs `keyrank plan` and checks the contract of a bad-input failure; returns stderr. */
async function failing(args: string[], options: RunOptions = {}): Promise<string> {
  const run = await keyrank(['plan', '--as-of', '2026-11-15', ...args], options);
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  return run.stderr;
}

describe.concurrent('inputs past 64 MiB are refused while reading', () => {
  it.each([
    { name: '--issues /dev/zero (endless)', flag: '--issues', other: ['--okrs', OKRS] },
    { name: '--okrs /dev/zero (endless)', flag: '--okrs', other: ['--issues', BACKLOG] },
  ])('$name', async ({ flag, other }) => {
    const run = await planMeasured([...other, flag, '/dev/zero']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`error: cannot read ${flag} /dev/zero: ${LIMIT}\n`);
    expect(run.peakKb).toBeLessThan(PEAK_KB);
  });

  it('--issues - when standard input never ends', async () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const run = await planMeasured(['--okrs', OKRS, '--issues', '-'], { stdinFd: zero });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`error: cannot read --issues -: ${LIMIT}\n`);
      expect(run.peakKb).toBeLessThan(PEAK_KB);
    } finally {
      closeSync(zero);
    }
  });

  it.each(['--issues', '--okrs'])(
    '%s names a sparse file of 65 MiB: refused by its size, unread',
    async (flag) => {
      const path = scratchFile('sparse', '');
      truncateSync(path, 65 * 1024 * 1024);
      const other = flag === '--issues' ? ['--okrs', OKRS] : ['--issues', BACKLOG];
      const run = await planMeasured([...other, flag, path]);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`error: cannot read ${flag} ${path}: ${LIMIT}\n`);
      // Nothing read: no more than Node itself needs.
      expect(run.peakKb).toBeLessThan(128 * 1024);
    },
  );
});

/** A "billion laughs": nine levels of nine aliases, 387 million strings once expanded. */
const BILLION_LAUGHS = [
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...'bcdefghi'
    .split('')
    .map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
  '',
].join('\n');

describe.concurrent('a hostile OKR file is bad input with its line, never exit 70', () => {
  it.each([
    {
      name: 'a YAML alias bomb (billion laughs)',
      text: BILLION_LAUGHS,
      // e: its nine aliases of d (820 values each) pass 10,000 added values.
      error: ':5: aliases repeat more than 10000 values by here — write the values out instead',
    },
    {
      name: 'an alias inside its own anchor',
      text: 'period: 2026-Q4\nobjectives: &o\n  - *o\n',
      error: ':3: alias *o is inside its own anchor &o',
    },
    {
      name: 'an alias to no anchor',
      text: 'period: 2026-Q4\nobjectives: *objectives\n',
      error: ':2: alias *objectives refers to no anchor &objectives before it',
    },
    {
      name: '10,000 unclosed [',
      text: `period: 2026-Q4\nobjectives: ${'['.repeat(10_000)}\n`,
      error: ':2: nested too deeply — Keyrank reads at most 64 levels of indentation and brackets',
    },
    {
      name: '10,000 nested [ ], closed',
      text: `period: 2026-Q4\nobjectives: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      error: ':2: nested too deeply — Keyrank reads at most 64 levels of indentation and brackets',
    },
    {
      name: '10,000 nested block sequences',
      text: `period: 2026-Q4\nobjectives:\n  ${'- '.repeat(10_000)}x\n`,
      error: ':3: nested too deeply — Keyrank reads at most 64 levels of indentation and brackets',
    },
  ])('$name', async ({ text, error }) => {
    const path = scratchFile('hostile.yml', text);
    expect(await failing(['--okrs', path, '--issues', BACKLOG])).toBe(`error: ${path}${error}\n`);
  });

  it('aliases within reason still work', async () => {
    const okrs = scratchFile(
      'aliases.yml',
      [
        'objectives:',
        '  - id: O1',
        '    title: Delight creative agencies',
        '    period: &quarter 2026-Q4',
        '    keyResults: [{ id: O1-KR1, title: Raise NPS, baseline: 40, target: 60 }]',
        '  - id: O2',
        '    title: Make onboarding effortless',
        '    period: *quarter',
        '    keyResults: [{ id: O2-KR1, title: Activate, baseline: 30, target: 50 }]',
        '',
      ].join('\n'),
    );
    const run = await keyrank(['plan', '--okrs', okrs, '--issues', '-', '--as-of', '2026-11-15'], {
      input: '[{ "key": "A-1", "status": "backlog", "keyResults": ["O2-KR1"] }]',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('O2  Make onboarding effortless  (weight 1, 2026-Q4)');
  });
});

describe.concurrent('a deeply nested backlog is bad input with its line', () => {
  it('10,000 nested [ ]', async () => {
    const path = scratchFile(
      'deep.json',
      `[\n  { "key": "A-1", "status": "backlog", "labels": ${'['.repeat(10_000)}${']'.repeat(10_000)} }\n]\n`,
    );
    expect(await failing(['--okrs', OKRS, '--issues', path])).toBe(
      `error: ${path}: nested too deeply at line 2 — Keyrank reads at most 64 levels of [ and {\n`,
    );
  });

  it('ten million nested [ ] are refused at once, not parsed (3 GB and 14 s before)', async () => {
    const path = scratchFile('deeper.json', `${'['.repeat(1e7)}${']'.repeat(1e7)}`);
    const started = Date.now();
    const run = await planMeasured(['--okrs', OKRS, '--issues', path]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `error: ${path}: nested too deeply at line 1 — Keyrank reads at most 64 levels of [ and {\n`,
    );
    // The 20 MB read, its text and the scan, well under the ~1 GB JSON.parse took.
    expect(run.peakKb).toBeLessThan(PEAK_KB);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe.concurrent('a byte order mark at the start of a file is accepted', () => {
  const BOM = '\uFEFF';
  const plain = () =>
    keyrank(['plan', '--okrs', OKRS, '--issues', BACKLOG, '--as-of', '2026-11-15']);

  it.each([
    { name: 'the backlog (JSON)', flag: '--issues', source: BACKLOG, other: ['--okrs', OKRS] },
    { name: 'the OKR file (YAML)', flag: '--okrs', source: OKRS, other: ['--issues', BACKLOG] },
  ])('$name', async ({ flag, source, other }) => {
    const path = scratchFile('bom', BOM + readFileSync(join(ROOT, source), 'utf8'));
    const run = await keyrank(['plan', ...other, flag, path, '--as-of', '2026-11-15']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe((await plain()).stdout);
  });

  it('the backlog on standard input', async () => {
    const run = await keyrank(['plan', '--okrs', OKRS, '--issues', '-', '--as-of', '2026-11-15'], {
      input: BOM + readFileSync(join(ROOT, BACKLOG), 'utf8'),
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe((await plain()).stdout);
  });
});

describe.concurrent('years 0001–0099 are years, not 1900–1999', () => {
  it.each([
    { period: '0099-Q1', deadline: '0099-02-15', asOf: '0099-01-01' },
    { period: '0042-Q1', deadline: '0042-03-31', asOf: '0042-02-01' },
    {
      period: '{ start: 0001-01-01, end: 0001-12-31 }',
      deadline: '0001-06-30',
      asOf: '0001-03-01',
    },
  ])('period $period, deadline $deadline, --as-of $asOf', async ({ period, deadline, asOf }) => {
    const okrs = scratchFile(
      'early.yml',
      [
        `period: ${period}`,
        'objectives:',
        '  - id: O1',
        '    title: Early',
        '    keyResults:',
        `      - { id: O1-KR1, title: K, baseline: 0, target: 10, deadline: ${deadline} }`,
        '',
      ].join('\n'),
    );
    const run = await keyrank(
      ['plan', '--okrs', okrs, '--issues', '-', '--as-of', asOf, '--format', 'json'],
      {
        input: JSON.stringify([
          {
            key: 'A-1',
            status: 'backlog',
            keyResults: ['O1-KR1'],
            rice: { reach: 10, impact: 1, confidence: 100, effort: 1 },
          },
        ]),
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as {
      asOf: string;
      issues: { keyResults: string[]; score: number | null }[];
    };
    expect(result.asOf).toBe(asOf);
    // Active on its own early date: linked and scored, not ended in 1999.
    expect(result.issues[0]?.keyResults).toEqual(['O1-KR1']);
    expect(result.issues[0]?.score).toBeTypeOf('number');
  });
});

describe.concurrent('RICE values whose score is too large for a number', () => {
  const backlog = JSON.stringify([
    {
      key: 'BIG-1',
      title: 'Astronomical',
      status: 'backlog',
      keyResults: ['O1-KR1'],
      rice: { reach: 1e308, impact: 3, confidence: 100, effort: 1e-308 },
    },
  ]);
  const PROBLEM = 'reach × impact × confidence / effort is too large to score';

  it.each(['table', 'json'])(
    '--format %s prints no Infinity and names the problem (exit 0: a problem, not a bad file)',
    async (format) => {
      const run = await keyrank(
        ['plan', '--okrs', OKRS, '--issues', '-', '--as-of', '2026-11-15', '--format', format],
        { input: backlog },
      );
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).not.toMatch(/Infinity|NaN/);
      if (format === 'json') {
        const issue = (
          JSON.parse(run.stdout) as {
            issues: { score: number | null; rice: number | null; problems: string[] }[];
          }
        ).issues[0];
        expect(issue).toMatchObject({ score: null, rice: null, problems: [PROBLEM] });
      } else {
        expect(run.stdout).toContain(`  BIG-1      ${PROBLEM}`);
      }
    },
  );
});
