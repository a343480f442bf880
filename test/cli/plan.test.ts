import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyrank, ROOT, type Run } from './keyrank-binary';

/**
 * `keyrank plan` end to end: the compiled binary (dist/cli/main.js, built by
 * test/global-setup.ts) in a child process, on the fixtures in test/fixtures/cli/. The
 * expected values are worked out by hand in the comments, from okrs.yml on 2026-11-15.
 */

const FIXTURES = 'test/fixtures/cli';
const OKRS = `${FIXTURES}/okrs.yml`;
const BACKLOG = `${FIXTURES}/backlog.json`;

const planRuns = new Map<string, Promise<Run>>();

/** `keyrank plan` on the fixtures as of 2026-11-15; each distinct command line runs once. */
function plan(...extra: string[]): Promise<Run> {
  const args = ['plan', '--okrs', OKRS, '--issues', BACKLOG, '--as-of', '2026-11-15', ...extra];
  const id = args.join(' ');
  const run = planRuns.get(id) ?? keyrank(args);
  planRuns.set(id, run);
  return run;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface PlanJson {
  asOf: string;
  issues: {
    key: string;
    score: number | null;
    rice: number | null;
    alignment: number;
    keyResults: string[];
    icebox: boolean;
    iceboxReason: string | null;
    bau: boolean;
    problems: string[];
    explanation: string;
  }[];
  moves: ({ key: string; before: string } | { key: string; after: string })[];
  capacity: { sprint: string; okr: number; bau: number; unaligned: number; warnings: string[] }[];
}

function json(run: Run): PlanJson {
  return JSON.parse(run.stdout) as PlanJson;
}

function issueIn(result: PlanJson, key: string): PlanJson['issues'][number] {
  const found = result.issues.find((issue) => issue.key === key);
  if (!found) {
    throw new Error(`${key} is not in the plan`);
  }
  return found;
}

/** Replays moves the way a tracker would, independently of src/core. */
function replay(order: readonly string[], moves: PlanJson['moves']): string[] {
  const list = [...order];
  for (const move of moves) {
    list.splice(list.indexOf(move.key), 1);
    const anchor = 'before' in move ? move.before : move.after;
    const at = list.indexOf(anchor);
    expect(at, `anchor ${anchor}`).toBeGreaterThanOrEqual(0);
    list.splice('before' in move ? at : at + 1, 0, move.key);
  }
  return list;
}

const CURRENT_ORDER = (
  JSON.parse(readFileSync(join(ROOT, BACKLOG), 'utf8')) as { key: string }[]
).map((issue) => issue.key);

/*
 * By hand, on 2026-11-15 (45 of Q4's 91 days gone):
 *   O1-KR1 75% done, ahead of plan → factor 1;  O2-KR1 done → factor 2 (objective weight);
 *   O1-KR2 25% done, due 2026-10-31 so 100% expected → lag 1 + 0.75 → factor 1.75.
 *   WEB-5  RICE 1000 × 0.5 × 50% / 2 = 125, O2-KR1 + O1-KR1 = 3     → 375
 *   WEB-1  RICE 500 × 2 × 80% / 4 = 200,    O1-KR1 = 1              → 200 (in progress: stays)
 *   WEB-4  RICE 300 × 1 × 100% / 3 = 100,   O1-KR2 = 1.75           → 175
 *   WEB-8, WEB-7  linked, RICE invalid / incomplete                 → null
 *   WEB-3, WEB-6, WEB-10  no active link                            → Icebox
 *   WEB-2 (Bug), WEB-9 (tech-debt) BAU; WEB-11 done                 → stay put
 * Fixed slots 1 (WEB-1), 4 (WEB-2), 8 (WEB-9), 10 (WEB-11); the free slots 0 2 3 5 6 7 9 take
 * WEB-5 WEB-4 | WEB-8 WEB-7 | WEB-3 WEB-6 WEB-10. WEB-5, WEB-4, WEB-8 and WEB-3 cross a fixed
 * issue, so they must move; WEB-7, WEB-6 and WEB-10 need not: 4 moves.
 */
const NEW_ORDER = [
  'WEB-5',
  'WEB-1',
  'WEB-4',
  'WEB-8',
  'WEB-2',
  'WEB-7',
  'WEB-3',
  'WEB-6',
  'WEB-9',
  'WEB-10',
  'WEB-11',
];

const ISSUE_FIELDS = [
  'key',
  'score',
  'rice',
  'alignment',
  'keyResults',
  'icebox',
  'iceboxReason',
  'bau',
  'problems',
  'explanation',
];

const TAKE_IT_OUT = 'link it to an active key result to take it out';

let scratch: string;

let scratchCount = 0;

/** Writes a file into a scratch folder and returns its path (unique: tests run concurrently). */
function scratchFile(name: string, text: string): string {
  const path = join(scratch, `${++scratchCount}-${name}`);
  writeFileSync(path, text);
  return path;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'keyrank-cli-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe.concurrent('keyrank plan --format table', () => {
  it('prints the key results, the roadmap in its new order and the moves', async () => {
    const run = await plan();
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const out = run.stdout;
    expect(out).toMatch(/^Keyrank plan · as of 2026-11-15 · 11 issues\n/);
    expect(out).toContain(
      'O1-KR2  Cut agency churn: 10% → 6%, now 9% · 25% done, 100% expected by now, behind plan ×1.75',
    );
    expect(out).toContain('O0  Open the platform  (weight 1, 2026-Q3, ended)');

    const roadmap = section(out, 'Roadmap', 'Moves to get there');
    expect(roadmap).toContain('(1 done not shown)');
    const rows = [...roadmap.matchAll(/^ {2}([↕ ])\s*(\d+) {2}(\S+)\s+(\S+)/gmu)].map((m) => ({
      moved: m[1] === '↕',
      rank: Number(m[2]),
      key: m[3],
      score: m[4],
    }));
    expect(rows).toEqual([
      { moved: true, rank: 1, key: 'WEB-5', score: '375' },
      { moved: false, rank: 2, key: 'WEB-1', score: '200' },
      { moved: true, rank: 3, key: 'WEB-4', score: '175' },
      { moved: true, rank: 4, key: 'WEB-8', score: '—' },
      { moved: false, rank: 5, key: 'WEB-2', score: 'BAU' },
      { moved: false, rank: 6, key: 'WEB-7', score: '—' },
      { moved: false, rank: 7, key: 'WEB-9', score: 'BAU' },
    ]);
    expect(roadmap).toContain('Client review portal  [in progress]');
    expect(roadmap).toContain(
      'RICE 1000 × 0.5 × 50% / 2 = 125 · O2-KR1 ×2.00 + O1-KR1 ×1.00 = 3.00 · score 375',
    );
    expect(roadmap).toContain(
      'RICE 300 × 1 × 100% / 3 = 100 · O1-KR2 ×1.75 (behind plan) = 1.75 · score 175',
    );

    expect(section(out, 'Moves to get there', 'Icebox')).toBe(
      [
        'Moves to get there (4, ↕ above; BAU and started work stay put)',
        '  WEB-5 before WEB-1',
        '  WEB-4 after WEB-1',
        '  WEB-8 after WEB-4',
        '  WEB-3 after WEB-7',
        '',
        '',
      ].join('\n'),
    );
  });

  it('prints the Icebox with reasons, the problems and the capacity check', async () => {
    const out = (await plan()).stdout;
    expect(section(out, 'Icebox', 'Problems')).toBe(
      [
        'Icebox (label "icebox"): 3 issues',
        '  WEB-3      Dark mode',
        `             serves no key result — ${TAKE_IT_OUT}`,
        '  WEB-6      Public API webhooks',
        `             serves no active key result: O0-KR1 ended with 2026-Q3 — ${TAKE_IT_OUT}`,
        '  WEB-10     Client status page',
        `             serves no active key result: 01-KR1 is not a known key result — did you mean O1-KR1? — ${TAKE_IT_OUT}`,
        '',
        '',
      ].join('\n'),
    );
    expect(section(out, 'Problems', 'Capacity')).toBe(
      [
        'Problems: 4 issues',
        '  WEB-8      confidence is a percentage between 1 and 100 — did you mean 80?',
        '  WEB-7      needs RICE: confidence, effort',
        '  WEB-6      O0-KR1 ended with 2026-Q3',
        '  WEB-10     01-KR1 is not a known key result — did you mean O1-KR1?',
        '',
        '',
      ].join('\n'),
    );
    // Sprint 8: WEB-5 3 (OKR) + WEB-9 3 (BAU) + WEB-3 2 (unaligned) = 8. Reaching 60% needs
    // (0.6 × 8 − 3) / 0.4 = 4.5 more OKR effort: WEB-4 (estimate 5) → 8 / 13 = 61.5%. Taking
    // WEB-3 and WEB-9 out instead would leave 100% OKR work, past the band: not suggested.
    // Sprint 7: 4 OKR + 2 BAU.
    expect(out.slice(out.indexOf('Capacity'))).toBe(
      [
        'Capacity: OKR work should be 60–70% of each sprint',
        '  Sprint 8: OKR 37.5% · BAU 37.5% · unaligned 25% of 8 effort · outside the band',
        '    ! OKR work is 37.5% of Sprint 8 (target 60–70%): add OKR work WEB-4',
        '  Sprint 7: OKR 66.7% · BAU 33.3% · unaligned 0% of 6 effort · ok',
        '',
      ].join('\n'),
    );
  });

  it('is the default format', async () => {
    expect((await plan('--format', 'table')).stdout).toBe((await plan()).stdout);
  });
});

/** The lines of `text` from the one starting with `from` up to the one starting with `to`. */
function section(text: string, from: string, to: string): string {
  const start = text.search(new RegExp(`^${from}`, 'm'));
  const end = text.search(new RegExp(`^${to}`, 'm'));
  expect(start, `section ${from}`).toBeGreaterThanOrEqual(0);
  expect(end, `section ${to}`).toBeGreaterThan(start);
  return text.slice(start, end);
}

describe.concurrent('keyrank plan --format json', () => {
  it('has exactly the PRODUCT.md shape', async () => {
    const run = await plan('--format', 'json');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    // §7 adds keyResults (its shape and values: plan-key-results.test.ts).
    expect(Object.keys(result)).toEqual(['asOf', 'issues', 'moves', 'capacity', 'keyResults']);
    const typed = result as unknown as PlanJson;
    expect(typed.issues).toHaveLength(11);
    for (const issue of typed.issues) {
      // §8: Icebox issues (unlinked, not started, not BAU) also carry their KR suggestions.
      const fields = issue.icebox ? [...ISSUE_FIELDS, 'suggestions'] : ISSUE_FIELDS;
      expect(Object.keys(issue).sort()).toEqual([...fields].sort());
      expect(issue.score === null || typeof issue.score === 'number').toBe(true);
      expect(issue.rice === null || typeof issue.rice === 'number').toBe(true);
      expect(typeof issue.alignment).toBe('number');
      expect(issue.iceboxReason === null || typeof issue.iceboxReason === 'string').toBe(true);
      expect(issue.icebox).toBe(issue.iceboxReason !== null);
      expect(issue.keyResults.every((id) => typeof id === 'string')).toBe(true);
      expect(issue.problems.every((p) => typeof p === 'string')).toBe(true);
      expect(typeof issue.explanation).toBe('string');
    }
    for (const move of typed.moves) {
      const keys = Object.keys(move).sort();
      expect([
        ['before', 'key'],
        ['after', 'key'],
      ]).toContainEqual(keys);
    }
    for (const sprint of typed.capacity) {
      expect(Object.keys(sprint).sort()).toEqual(['bau', 'okr', 'sprint', 'unaligned', 'warnings']);
    }
  });

  it('lists the whole backlog in its new order with hand-checked values', async () => {
    const result = json(await plan('--format', 'json'));
    expect(result.asOf).toBe('2026-11-15');
    expect(result.issues.map((issue) => issue.key)).toEqual(NEW_ORDER);
    const table = result.issues.map((i) => [
      i.key,
      i.score,
      i.rice,
      i.alignment,
      i.keyResults,
      i.icebox,
      i.bau,
    ]);
    expect(table).toEqual([
      ['WEB-5', 375, 125, 3, ['O2-KR1', 'O1-KR1'], false, false],
      ['WEB-1', 200, 200, 1, ['O1-KR1'], false, false],
      ['WEB-4', 175, 100, 1.75, ['O1-KR2'], false, false],
      ['WEB-8', null, null, 1, ['O1-KR1'], false, false],
      ['WEB-2', null, null, 0, [], false, true],
      ['WEB-7', null, null, 1, ['O1-KR1'], false, false],
      // Iceboxed issues keep their RICE value: only the score needs a link.
      ['WEB-3', null, 240, 0, [], true, false],
      ['WEB-6', null, 120, 0, [], true, false],
      ['WEB-9', null, null, 0, [], false, true],
      ['WEB-10', null, 186.67, 0, [], true, false],
      // Done work is scored but never moved.
      ['WEB-11', 800, 400, 2, ['O2-KR1'], false, false],
    ]);

    expect(issueIn(result, 'WEB-5').explanation).toBe(
      'RICE 1000 × 0.5 × 50% / 2 = 125 · O2-KR1 ×2.00 + O1-KR1 ×1.00 = 3.00 · score 375',
    );
    expect(issueIn(result, 'WEB-2').explanation).toBe(
      'business as usual (type Bug): not scored by OKR, keeps its place',
    );
    expect(issueIn(result, 'WEB-9').explanation).toBe(
      'business as usual (label tech-debt): not scored by OKR, keeps its place',
    );
    expect(issueIn(result, 'WEB-7').problems).toEqual(['needs RICE: confidence, effort']);
    expect(issueIn(result, 'WEB-8').problems).toEqual([
      'confidence is a percentage between 1 and 100 — did you mean 80?',
    ]);
    expect(issueIn(result, 'WEB-3').iceboxReason).toBe(`serves no key result — ${TAKE_IT_OUT}`);
    expect(issueIn(result, 'WEB-6').iceboxReason).toBe(
      `serves no active key result: O0-KR1 ended with 2026-Q3 — ${TAKE_IT_OUT}`,
    );
    expect(issueIn(result, 'WEB-6').problems).toEqual(['O0-KR1 ended with 2026-Q3']);
    expect(issueIn(result, 'WEB-10').problems).toEqual([
      '01-KR1 is not a known key result — did you mean O1-KR1?',
    ]);
    for (const key of ['WEB-1', 'WEB-2', 'WEB-5', 'WEB-11']) {
      expect(issueIn(result, key).problems, key).toEqual([]);
    }
  });

  it('gives the fewest moves, which turn the current order into the new one', async () => {
    const result = json(await plan('--format', 'json'));
    expect(result.moves).toEqual([
      { key: 'WEB-5', before: 'WEB-1' },
      { key: 'WEB-4', after: 'WEB-1' },
      { key: 'WEB-8', after: 'WEB-4' },
      { key: 'WEB-3', after: 'WEB-7' },
    ]);
    expect(replay(CURRENT_ORDER, result.moves)).toEqual(NEW_ORDER);
  });

  it('checks capacity per sprint, as percentages of that sprint’s effort', async () => {
    expect(json(await plan('--format', 'json')).capacity).toEqual([
      {
        sprint: 'Sprint 8',
        okr: 37.5,
        bau: 37.5,
        unaligned: 25,
        warnings: ['OKR work is 37.5% of Sprint 8 (target 60–70%): add OKR work WEB-4'],
      },
      { sprint: 'Sprint 7', okr: 66.7, bau: 33.3, unaligned: 0, warnings: [] },
    ]);
  });

  it('plans an empty backlog', async () => {
    const run = await keyrank([
      'plan',
      '--okrs',
      OKRS,
      '--issues',
      scratchFile('empty.json', '[]'),
      '--as-of',
      '2026-11-15',
      '--format',
      'json',
    ]);
    expect(run.status).toBe(0);
    const result = json(run) as PlanJson & { keyResults: { id: string }[] };
    expect({ ...result, keyResults: result.keyResults.map((kr) => kr.id) }).toEqual({
      asOf: '2026-11-15',
      issues: [],
      moves: [],
      capacity: [],
      // Key results are reported with no work at all.
      keyResults: ['O1-KR1', 'O1-KR2', 'O2-KR1', 'O0-KR1'],
    });
  });
});

describe.concurrent('keyrank plan --as-of', () => {
  it('rolls over with the quarter: on 2027-01-05 work linked to 2026-Q4 goes to the Icebox', async () => {
    const run = await plan('--format', 'json', '--as-of', '2027-01-05');
    expect(run.status).toBe(0);
    const result = json(run);
    expect(result.asOf).toBe('2027-01-05');
    expect(result.issues.every((issue) => issue.score === null)).toBe(true);
    expect(result.issues.every((issue) => issue.keyResults.length === 0)).toBe(true);
    expect(issueIn(result, 'WEB-4')).toMatchObject({
      icebox: true,
      iceboxReason: `serves no active key result: O1-KR2 ended with 2026-Q4 — ${TAKE_IT_OUT}`,
      problems: ['O1-KR2 ended with 2026-Q4'],
    });
    expect(issueIn(result, 'WEB-5')).toMatchObject({
      icebox: true,
      problems: ['O2-KR1 ended with 2026-Q4', 'O1-KR1 ended with 2026-Q4'],
    });
    // Work in progress is never iceboxed; its stale link is still a problem to fix.
    expect(issueIn(result, 'WEB-1')).toMatchObject({
      icebox: false,
      iceboxReason: null,
      problems: ['O1-KR1 ended with 2026-Q4'],
    });
    expect(
      result.issues
        .filter((issue) => issue.icebox)
        .map((issue) => issue.key)
        .sort(),
    ).toEqual(['WEB-10', 'WEB-3', 'WEB-4', 'WEB-5', 'WEB-6', 'WEB-7', 'WEB-8']);
    // Everything movable is iceboxed and ties keep their order: nothing moves.
    expect(result.moves).toEqual([]);
    expect(result.issues.map((issue) => issue.key)).toEqual(CURRENT_ORDER);
  });

  it('moves the schedule: on 2026-10-11 O1-KR2 is barely behind, so WEB-4 scores less', async () => {
    // expected = 10 / 30 days, progress 0.25 → lag 1 + (1/3 − 1/4) = 1.0833 → 100 × 1.0833
    const result = json(await plan('--format', 'json', '--as-of', '2026-10-11'));
    expect(issueIn(result, 'WEB-4')).toMatchObject({ score: 108.33, alignment: 1.08 });
    expect(issueIn(result, 'WEB-4').explanation).toContain('O1-KR2 ×1.08 (behind plan) = 1.08');
  });

  it('says when a key result has not started yet', async () => {
    const result = json(await plan('--format', 'json', '--as-of', '2026-09-15'));
    expect(issueIn(result, 'WEB-4').problems).toEqual(['O1-KR2 starts with 2026-Q4']);
    // O0-KR1 (2026-Q3) is active on 2026-09-15: WEB-6 leaves the Icebox and gets a score.
    expect(issueIn(result, 'WEB-6')).toMatchObject({ icebox: false, keyResults: ['O0-KR1'] });
    expect(issueIn(result, 'WEB-6').score).toBeTypeOf('number');
  });

  it('defaults to today (UTC)', async () => {
    const before = new Date().toISOString().slice(0, 10);
    const run = await keyrank(['plan', '--okrs', OKRS, '--issues', BACKLOG, '--format', 'json']);
    const after = new Date().toISOString().slice(0, 10);
    expect(run.status).toBe(0);
    expect([before, after]).toContain(json(run).asOf);
  });
});

describe.concurrent('keyrank plan --issues -', () => {
  it('reads the backlog from standard input', async () => {
    const fromFile = await plan('--format', 'json');
    const run = await keyrank(
      ['plan', '--okrs', OKRS, '--issues', '-', '--as-of', '2026-11-15', '--format', 'json'],
      {
        input: readFileSync(join(ROOT, BACKLOG), 'utf8'),
      },
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(fromFile.stdout);
  });

  it('names standard input in errors', async () => {
    const run = await keyrank(['plan', '--okrs', OKRS, '--issues', '-', '--as-of', '2026-11-15'], {
      input: '[\n  { "key": "WEB-1", "status": "backlog" }\n  { "key": "WEB-2" }\n]\n',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: stdin: not valid JSON — [^\n]+ at line 3\n$/);
  });
});

describe.concurrent('keyrank plan --okrs', () => {
  it('defaults to $KEYRANK_OKRS', async () => {
    const run = await keyrank(['plan', '--issues', BACKLOG, '--as-of', '2026-11-15'], {
      env: { KEYRANK_OKRS: OKRS },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe((await plan()).stdout);
  });

  it('then to ./okrs.yml', async () => {
    const run = await keyrank(['plan', '--issues', join(ROOT, BACKLOG), '--as-of', '2026-11-15'], {
      cwd: scratch,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('error: cannot read --okrs okrs.yml: no such file\n');
  });

  it('prints warnings on stderr and still plans (exit 0)', async () => {
    const krs = Array.from(
      { length: 6 },
      (_, i) => `      - { id: O1-KR${i + 1}, title: KR ${i + 1}, baseline: 0, target: 10 }\n`,
    ).join('');
    const okrs = scratchFile(
      'six.yml',
      `period: 2026-Q4\nobjectives:\n  - id: O1\n    title: Too many\n    keyResults:\n${krs}`,
    );
    const run = await keyrank([
      'plan',
      '--okrs',
      okrs,
      '--issues',
      BACKLOG,
      '--as-of',
      '2026-11-15',
      '--format',
      'json',
    ]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      `warning: ${okrs}:6: objectives[0].keyResults: O1 has 6 key results — 3 to 5 keep an objective focused\n`,
    );
    expect(json(run).issues).toHaveLength(11);
  });
});

describe.concurrent('keyrank --help', () => {
  it.each([['--help'], ['-h'], ['help']])(
    'keyrank %s prints the commands (exit 0)',
    async (flag) => {
      const run = await keyrank([flag]);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^Usage: keyrank <command> \[options\]/);
      expect(run.stdout).toMatch(/^ {2}plan {6}score a backlog snapshot/m);
    },
  );

  it.each([['--help'], ['-h']])('keyrank plan %s prints the options (exit 0)', async (flag) => {
    const run = await keyrank(['plan', flag]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: keyrank plan --issues <backlog.json>/);
    for (const option of [
      '--okrs <file>',
      '--issues <file>',
      '--as-of <date>',
      '--format <format>',
      '-h, --help',
    ]) {
      expect(run.stdout).toContain(option);
    }
    expect(run.stdout).toContain('Exit status: 0 planned; 1 bad input');
  });

  it('keyrank plan --help needs no input files', async () => {
    expect((await keyrank(['plan', '--help', '--issues', 'nowhere.json'])).status).toBe(0);
  });
});

describe.concurrent('bad input: exit 1 with file, path and what is accepted', () => {
  /** Runs `keyrank plan` and checks the common contract of a bad-input failure. */
  async function failing(args: string[], input?: string): Promise<string> {
    const run = await keyrank(
      ['plan', '--as-of', '2026-11-15', ...args],
      input === undefined ? {} : { input },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: /);
    return run.stderr;
  }

  it('a missing OKR file', async () => {
    expect(await failing(['--okrs', 'test/fixtures/cli/nope.yml', '--issues', BACKLOG])).toBe(
      'error: cannot read --okrs test/fixtures/cli/nope.yml: no such file\n',
    );
  });

  it('a missing backlog file', async () => {
    expect(await failing(['--okrs', OKRS, '--issues', 'test/fixtures/cli/nope.json'])).toBe(
      'error: cannot read --issues test/fixtures/cli/nope.json: no such file\n',
    );
  });

  it('a folder instead of a file', async () => {
    expect(await failing(['--okrs', FIXTURES, '--issues', BACKLOG])).toBe(
      `error: cannot read --okrs ${FIXTURES}: it is a folder, not a file\n`,
    );
    expect(await failing(['--okrs', OKRS, '--issues', FIXTURES])).toBe(
      `error: cannot read --issues ${FIXTURES}: it is a folder, not a file\n`,
    );
  });

  it('invalid YAML names the line', async () => {
    const duplicate = scratchFile(
      'duplicate.yml',
      'period: 2026-Q4\nobjectives:\n  - id: O1\n    title: Delight\n    title: Again\n    keyResults: []\n',
    );
    expect(await failing(['--okrs', duplicate, '--issues', BACKLOG])).toBe(
      `error: ${duplicate}:5: not valid YAML: Map keys must be unique\n`,
    );
    const indent = scratchFile(
      'indent.yml',
      'period: 2026-Q4\nobjectives:\n  - id: O1\n    title: Delight\n   keyResults:\n      - { id: K1, title: X, baseline: 1, target: 2 }\n',
    );
    expect(await failing(['--okrs', indent, '--issues', BACKLOG])).toMatch(
      new RegExp(`^error: ${escape(indent)}:5: not valid YAML: `),
    );
  });

  it('invalid OKR values name the path and the line, all at once', async () => {
    const file = `${FIXTURES}/okrs-invalid-values.yml`;
    expect(await failing(['--okrs', file, '--issues', BACKLOG])).toBe(
      [
        `error: ${file}:8: objectives[0].keyResults[0].target: must differ from baseline (40) — a KR needs somewhere to go`,
        `error: ${file}:13: objectives[0].keyResults[1].deadline: 2027-01-15 is outside the objective's period 2026-Q4 (2026-10-01..2026-12-31)`,
        `error: ${file}:17: objectives[1].keyResults[0].id: id "O1-KR1" is already used by objectives[0].keyResults[0].id — ids must be unique`,
        '',
      ].join('\n'),
    );
  });

  it('wrongly typed OKR values say what is accepted', async () => {
    const file = `${FIXTURES}/okrs-wrong-types.yml`;
    expect(await failing(['--okrs', file, '--issues', BACKLOG])).toBe(
      [
        `error: ${file}:6: objectives[0].weight: must be a number > 0`,
        `error: ${file}:11: objectives[0].keyResults[0].target: must be a number (got "sixty")`,
        `error: ${file}:12: objectives[0].keyResults[1]: unknown key "team" — accepted: id, title, baseline, target, current, unit, deadline, weight, owner, progress, checkIns`,
        '',
      ].join('\n'),
    );
  });

  it('bad check-ins name the path and the line: a non-date, a text value, an unknown key', async () => {
    const file = `${FIXTURES}/okrs-bad-check-ins.yml`;
    expect(await failing(['--okrs', file, '--issues', BACKLOG])).toBe(
      [
        `error: ${file}:12: objectives[0].keyResults[0].checkIns[0].date: must be a real date written YYYY-MM-DD (got "2026-11-31")`,
        `error: ${file}:13: objectives[0].keyResults[0].checkIns[1].value: must be a number (got "45 points")`,
        `error: ${file}:14: objectives[0].keyResults[0].checkIns[2]: unknown key "author" — accepted: date, value, note, by, source`,
        '',
      ].join('\n'),
    );
  });

  it('an empty OKR file', async () => {
    const empty = scratchFile('empty.yml', '');
    expect(await failing(['--okrs', empty, '--issues', BACKLOG])).toBe(
      `error: ${empty}: must be a mapping (got nothing)\n`,
    );
  });

  // Node's wording differs between versions; the file and the line are what a person needs.
  it.each([
    {
      name: 'a missing comma',
      text: '[\n  { "key": "WEB-1", "status": "backlog" }\n  { "key": "WEB-2", "status": "todo" }\n]\n',
      line: 3,
    },
    {
      name: 'a bad literal (Node names no position)',
      text: '[\n  { "key": "WEB-1", "status": "backlog" },\n  { "key": "WEB-2", "status": tru }\n]\n',
      line: 3,
    },
    {
      name: 'a trailing comma',
      text: '[\n  { "key": "WEB-1", "status": "backlog" },\n]\n',
      line: 3,
    },
    {
      name: 'a cut-off file',
      text: '[\n  { "key": "WEB-1", "status": "backlog" },\n  { "key": "WEB-2"',
      line: 3,
    },
    { name: 'an empty file (Node names no position)', text: '', line: 1 },
  ])('a backlog that is not JSON names the line: $name', async ({ text, line }) => {
    const path = scratchFile('not-json.json', text);
    const stderr = await failing(['--okrs', OKRS, '--issues', path]);
    expect(stderr).toMatch(
      new RegExp(`^error: ${escape(path)}: not valid JSON — [^\\n]+ at line ${line}\\n$`),
    );
    // The message quotes no file content back (V8 does for some errors).
    expect(stderr).not.toContain('is not valid JSON');
  });

  it('a backlog that is not an array', async () => {
    const path = scratchFile('object.json', '{ "key": "WEB-1", "status": "backlog" }\n');
    expect(await failing(['--okrs', OKRS, '--issues', path])).toBe(
      `error: ${path}: must be a JSON array of issues ([{ "key": "ENG-1", "status": "backlog", … }])\n`,
    );
  });

  it('bad entries are skipped with a message; the rest are still planned (exit 1)', async () => {
    const file = `${FIXTURES}/backlog-bad-entries.json`;
    const run = await keyrank([
      'plan',
      '--okrs',
      OKRS,
      '--issues',
      file,
      '--as-of',
      '2026-11-15',
      '--format',
      'json',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      [
        `error: ${file}: [0] WEB-1: skipped — status: must be one of backlog, todo, in_progress, done`,
        `error: ${file}: [2]: skipped — key: is required`,
        `error: ${file}: [3] WEB-2: skipped — key WEB-2 appears earlier in the file; keys must be unique`,
        `error: ${file}: [4] WEB-3: skipped — estimate: must be a number ≥ 0`,
        '',
      ].join('\n'),
    );
    const result = json(run);
    expect(result.issues.map((issue) => [issue.key, issue.score, issue.icebox])).toEqual([
      ['WEB-2', 50, false],
      ['WEB-4', null, true],
    ]);
  });

  it('duplicate keys: the first entry is planned, the later one skipped (exit 1)', async () => {
    const path = scratchFile(
      'duplicates.json',
      JSON.stringify([
        {
          key: 'WEB-1',
          title: 'First',
          status: 'backlog',
          keyResults: ['O1-KR1'],
          rice: { reach: 10, impact: 1, confidence: 100, effort: 1 },
        },
        { key: 'WEB-2', title: 'Other', status: 'backlog' },
        { key: 'WEB-1', title: 'Second', status: 'todo' },
      ]),
    );
    const run = await keyrank([
      'plan',
      '--okrs',
      OKRS,
      '--issues',
      path,
      '--as-of',
      '2026-11-15',
      '--format',
      'json',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `error: ${path}: [2] WEB-1: skipped — key WEB-1 appears earlier in the file; keys must be unique\n`,
    );
    const result = json(run);
    expect(result.issues.map((issue) => issue.key)).toEqual(['WEB-1', 'WEB-2']);
    expect(issueIn(result, 'WEB-1').score).toBe(10);
  });
});

describe.concurrent('usage errors: exit 2 with the usage', () => {
  const PLAN_USAGE = 'Usage: keyrank plan --issues <backlog.json>';
  const MAIN_USAGE = 'Usage: keyrank <command> [options]';

  it.each([
    {
      name: 'an unknown flag',
      args: ['plan', '--okrs', OKRS, '--issues', BACKLOG, '--bogus'],
      message: "keyrank plan: Unknown option '--bogus'",
      usage: PLAN_USAGE,
    },
    {
      name: 'a missing --issues',
      args: ['plan', '--okrs', OKRS],
      message: 'keyrank plan: --issues is required (a backlog JSON file, or - for standard input)',
      usage: PLAN_USAGE,
    },
    {
      name: '--issues without a value',
      args: ['plan', '--okrs', OKRS, '--issues'],
      message: 'keyrank plan: ',
      usage: PLAN_USAGE,
    },
    {
      name: 'a bad --format',
      args: ['plan', '--issues', BACKLOG, '--format', 'xml'],
      message: 'keyrank plan: --format must be table or json, not "xml"',
      usage: PLAN_USAGE,
    },
    {
      name: 'a date that does not exist',
      args: ['plan', '--issues', BACKLOG, '--as-of', '2026-02-30'],
      message: 'keyrank plan: --as-of must be a date written YYYY-MM-DD, not "2026-02-30"',
      usage: PLAN_USAGE,
    },
    {
      name: 'a date in another format',
      args: ['plan', '--issues', BACKLOG, '--as-of', '15/11/2026'],
      message: 'keyrank plan: --as-of must be a date written YYYY-MM-DD, not "15/11/2026"',
      usage: PLAN_USAGE,
    },
    {
      name: 'a stray argument',
      args: ['plan', '--issues', BACKLOG, 'extra'],
      message: 'keyrank plan: ',
      usage: PLAN_USAGE,
    },
    {
      name: 'an unknown command',
      args: ['frobnicate'],
      message: 'keyrank: unknown command "frobnicate"',
      usage: MAIN_USAGE,
    },
    { name: 'no command', args: [], message: 'keyrank: a command is required', usage: MAIN_USAGE },
  ])('$name', async ({ args, message, usage }) => {
    const run = await keyrank(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(message)).toBe(true);
    expect(run.stderr).toContain(usage);
  });

  it('is checked before any file is read', async () => {
    const run = await keyrank([
      'plan',
      '--okrs',
      'nowhere.yml',
      '--issues',
      'nowhere.json',
      '--format',
      'yaml',
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).not.toContain('nowhere');
  });
});

describe('start-up', () => {
  /** Bare specifiers the entry imports, following its static imports of chunks. */
  function packagesLoadedAtStart(file: string, seen = new Set<string>()): Set<string> {
    const packages = new Set<string>();
    if (seen.has(file)) {
      return packages;
    }
    seen.add(file);
    // Static imports only: `import … from "x"` and `import "x"`, not `import("x")`.
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(
      /^(?:import|export)\b[^;]*?(?:from\s*)?["']([^"']+)["'];?$/gm,
    )) {
      if (specifier?.startsWith('.')) {
        packagesLoadedAtStart(join(file, '..', specifier), seen).forEach((p) => packages.add(p));
      } else if (specifier !== undefined) {
        packages.add(specifier);
      }
    }
    return packages;
  }

  it('keyrank plan loads none of serve’s packages: they cost half a second to import', () => {
    const packages = packagesLoadedAtStart(join(ROOT, 'dist', 'cli', 'main.js'));
    expect(packages).toContain('zod');
    expect(packages).toContain('yaml');
    for (const serveOnly of ['@linear/sdk', 'pg', 'better-sqlite3', 'graphql']) {
      expect(packages).not.toContain(serveOnly);
    }
  });
});
