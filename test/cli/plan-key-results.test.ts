import { describe, expect, it } from 'vitest';
import { keyrank, type Run } from './keyrank-binary';

/**
 * Living key results in `keyrank plan` (PRODUCT.md §7), end to end through the compiled
 * binary on test/fixtures/cli/okrs-check-ins.yml, whose comments work the values out by hand.
 */

const OKRS = 'test/fixtures/cli/okrs-check-ins.yml';
const BACKLOG = 'test/fixtures/cli/backlog-check-ins.json';

interface KeyResultJson {
  id: string;
  current: number;
  lastCheckIn: { date: string; value: number } | null;
  stale: boolean;
  checkIns: { date: string }[];
}

const runs = new Map<string, Promise<Run>>();

function plan(asOf: string, format: 'table' | 'json'): Promise<Run> {
  const id = `${asOf} ${format}`;
  const run =
    runs.get(id) ??
    keyrank(['plan', '--okrs', OKRS, '--issues', BACKLOG, '--as-of', asOf, '--format', format]);
  runs.set(id, run);
  return run;
}

async function keyResults(asOf: string): Promise<KeyResultJson[]> {
  const run = await plan(asOf, 'json');
  expect(run.status).toBe(0);
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as { keyResults: KeyResultJson[] }).keyResults;
}

async function keyResult(asOf: string, id: string): Promise<KeyResultJson> {
  const found = (await keyResults(asOf)).find((kr) => kr.id === id);
  if (found === undefined) {
    throw new Error(`${id} is not in keyResults`);
  }
  return found;
}

describe.concurrent('keyrank plan --format json: keyResults', () => {
  it('is a top-level array after the §2 fields, each entry exactly §7’s fields in order', async () => {
    const run = await plan('2026-11-15', 'json');
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['asOf', 'issues', 'moves', 'capacity', 'keyResults']);
    for (const kr of result.keyResults as object[]) {
      expect(Object.keys(kr)).toEqual([
        'id',
        'objective',
        'baseline',
        'target',
        'current',
        'progress',
        'expected',
        'lag',
        'health',
        'stale',
        'lastCheckIn',
        'checkIns',
      ]);
    }
  });

  it('gives every key result in file order with hand-checked values', async () => {
    expect(await keyResults('2026-11-15')).toEqual([
      {
        // The check-in of 2026-11-20 is after the as-of day: not current, not listed.
        id: 'O1-KR1',
        objective: 'O1',
        baseline: 40,
        target: 60,
        current: 50,
        progress: 0.5,
        expected: 0.49,
        lag: 1,
        health: 'on-track',
        stale: false,
        lastCheckIn: { date: '2026-11-10', value: 50 },
        checkIns: [
          { date: '2026-10-05', value: 42, note: 'Q3 survey', by: 'Ana (Research)' },
          { date: '2026-11-10', value: 50, by: 'Ana (Research)' },
        ],
      },
      {
        // Reduce: (10 − 9.5) / (10 − 6) = 12.5% done; gap 0.49 − 0.125 ≥ 0.25: behind.
        id: 'O1-KR2',
        objective: 'O1',
        baseline: 10,
        target: 6,
        current: 9.5,
        progress: 0.13,
        expected: 0.49,
        lag: 1.37,
        health: 'behind',
        stale: true,
        lastCheckIn: { date: '2026-10-20', value: 9.5 },
        checkIns: [{ date: '2026-10-20', value: 9.5, by: 'Sam (Customer Success)' }],
      },
      {
        // linked-done by count: WEB-2 done of WEB-1, WEB-2, WEB-3 → 33.33%, dated the as-of day.
        id: 'O2-KR1',
        objective: 'O2',
        baseline: 0,
        target: 100,
        current: 33.33,
        progress: 0.33,
        expected: 0.49,
        lag: 1.16,
        health: 'at-risk',
        stale: false,
        lastCheckIn: { date: '2026-11-15', value: 33.33 },
        checkIns: [{ date: '2026-11-15', value: 33.33, source: 'linked-done' }],
      },
      {
        id: 'O2-KR2',
        objective: 'O2',
        baseline: 1,
        target: 4,
        current: 1,
        progress: 0,
        expected: 0.49,
        lag: 1.49,
        health: 'behind',
        stale: true,
        lastCheckIn: null,
        checkIns: [],
      },
      {
        // Ended with Q3: never stale.
        id: 'O0-KR1',
        objective: 'O0',
        baseline: 0,
        target: 1,
        current: 1,
        progress: 1,
        expected: 1,
        lag: 1,
        health: 'on-track',
        stale: false,
        lastCheckIn: null,
        checkIns: [],
      },
    ]);
  });

  // O1-KR1's check-ins: 2026-10-05 (42), 2026-11-10 (50), 2026-11-20 (58); the file says 41.
  it.each([
    { asOf: '2026-10-03', current: 41, last: null, listed: 0, stale: false },
    { asOf: '2026-10-05', current: 42, last: '2026-10-05', listed: 1, stale: false },
    { asOf: '2026-10-18', current: 42, last: '2026-10-05', listed: 1, stale: false },
    { asOf: '2026-10-19', current: 42, last: '2026-10-05', listed: 1, stale: true },
    { asOf: '2026-11-15', current: 50, last: '2026-11-10', listed: 2, stale: false },
    { asOf: '2026-11-20', current: 58, last: '2026-11-20', listed: 3, stale: false },
  ])(
    'as of $asOf, O1-KR1 sees only the check-ins by then: now $current',
    async ({ asOf, current, last, listed, stale }) => {
      const kr = await keyResult(asOf, 'O1-KR1');
      expect(kr.current).toBe(current);
      expect(kr.lastCheckIn?.date ?? null).toBe(last);
      expect(kr.checkIns).toHaveLength(listed);
      expect(kr.checkIns.every((c) => c.date <= asOf)).toBe(true);
      expect(kr.stale).toBe(stale);
    },
  );

  it('a manual KR is not moved by its done issues', async () => {
    // WEB-4 is done and linked to O1-KR1, which takes its values from check-ins only.
    expect((await keyResult('2026-11-15', 'O1-KR1')).checkIns.map((c) => c.date)).toEqual([
      '2026-10-05',
      '2026-11-10',
    ]);
  });

  it('the linked-done value feeds the score: O2-KR1 at 33% pulls with lag 1.16', async () => {
    const run = await plan('2026-11-15', 'json');
    const issues = (JSON.parse(run.stdout) as { issues: { key: string; alignment: number }[] })
      .issues;
    expect(issues.find((issue) => issue.key === 'WEB-1')?.alignment).toBe(1.16);
  });
});

describe.concurrent('keyrank plan --format table: health, last check-in and Stale', () => {
  it('each KR line shows its value as of the day, its health and its last check-in', async () => {
    const run = await plan('2026-11-15', 'table');
    expect(run.status).toBe(0);
    const out = run.stdout;
    const keyResultLines = out.slice(out.indexOf('Key results'), out.indexOf('\nStale'));
    expect(keyResultLines).toBe(
      [
        'Key results',
        '  O1  Delight creative agencies  (weight 1, 2026-Q4)',
        // now 50 (the check-in of 2026-11-10), not the file's current: 41.
        '      O1-KR1  Raise NPS: 40 → 60, now 50 · 50% done, 49% expected by now',
        '              on track · last check-in 2026-11-10: 50 by Ana (Research)',
        '      O1-KR2  Cut agency churn: 10% → 6%, now 9.5% · 13% done, 49% expected by now, behind plan ×1.37',
        '              behind · last check-in 2026-10-20: 9.5% by Sam (Customer Success) · stale',
        '  O2  Make onboarding effortless  (weight 1, 2026-Q4)',
        '      O2-KR1  Onboarding checklist shipped: 0% → 100%, now 33.33% · 33% done, 49% expected by now, behind plan ×1.16',
        '              at risk · last check-in 2026-11-15: 33.33% (linked-done)',
        '      O2-KR2  Templates shared per agency: 1 → 4, now 1 · 0% done, 49% expected by now, behind plan ×1.49',
        '              behind · no check-in · stale',
        '  O0  Open the platform  (weight 1, 2026-Q3, ended)',
        '      O0-KR1  Ship the public API beta: 0 → 1, now 1 · O0-KR1 ended with 2026-Q3',
        '              on track · no check-in',
        '',
      ].join('\n'),
    );
  });

  it('the Stale section names who should check in, and since when', async () => {
    const out = (await plan('2026-11-15', 'table')).stdout;
    expect(out.slice(out.indexOf('\nStale') + 1, out.indexOf('\nCoverage'))).toBe(
      [
        'Stale: 2 key results without a check-in in the last 14 days',
        '  O1-KR2     Cut agency churn',
        // No owner of its own: its objective's owner.
        '             owner Dana (CEO) · last check-in 2026-10-20, 26 days ago',
        '  O2-KR2     Templates shared per agency',
        '             no owner named · no check-in since the period began on 2026-10-01, 45 days ago',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing is stale', async () => {
    // Ten days into the quarter nothing can be stale yet.
    const out = (await plan('2026-10-10', 'table')).stdout;
    expect(out).toContain(
      '\nStale: none — no running key result has gone 14 days without a check-in\n\nCoverage',
    );
  });
});

describe.concurrent('the example workspace npm start plans (README’s walk-through)', () => {
  const example = (format: 'table' | 'json') =>
    keyrank([
      'plan',
      '--okrs',
      'examples/okrs.yml',
      '--issues',
      'examples/backlog.json',
      '--as-of',
      '2026-11-15',
      '--format',
      format,
    ]);

  it('has exactly one stale KR, with its owner, and a linked-done KR moved by its done issue', async () => {
    const run = await example('json');
    expect(run.status).toBe(0);
    const krs = (JSON.parse(run.stdout) as { keyResults: KeyResultJson[] }).keyResults;
    expect(krs.filter((kr) => kr.stale).map((kr) => kr.id)).toEqual(['O1-KR2']);
    // ENG-104 done of ENG-104 and ENG-105: 50% of 0 → 100, from a baseline of 0.
    expect(krs.find((kr) => kr.id === 'O2-KR3')).toMatchObject({
      current: 50,
      lastCheckIn: { date: '2026-11-15', value: 50 },
      checkIns: [{ date: '2026-11-15', value: 50, source: 'linked-done' }],
    });
    const table = (await example('table')).stdout;
    expect(table).toContain(
      [
        'Stale: 1 key result without a check-in in the last 14 days',
        '  O1-KR2     Reduce churn among agency accounts by 15%',
        '             owner Sam (Customer Success) · last check-in 2026-10-19, 27 days ago',
      ].join('\n'),
    );
  });
});
