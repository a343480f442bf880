import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyrank, type Run } from './keyrank-binary';

/**
 * KR suggestions in `keyrank plan` (PRODUCT.md §8), end to end through the compiled binary:
 * on the example workspace `npm start` uses, and on a workspace whose text is hostile.
 */

interface Suggestion {
  kr: string;
  score: number;
  reason: string;
}
interface IssueJson {
  key: string;
  icebox: boolean;
  suggestions?: Suggestion[];
}

const example = (format: string): Promise<Run> =>
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

const scratch = mkdtempSync(join(tmpdir(), 'keyrank-suggest-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.concurrent('keyrank plan: suggestions on the example workspace', () => {
  it('JSON: Icebox issues carry suggestions (best first, [] when nothing fits); others have none', async () => {
    const run = await example('json');
    expect(run.status).toBe(0);
    const issues = (JSON.parse(run.stdout) as { issues: IssueJson[] }).issues;
    for (const issue of issues) {
      if (issue.icebox) {
        expect(Array.isArray(issue.suggestions)).toBe(true);
      } else {
        expect(issue).not.toHaveProperty('suggestions');
      }
    }
    const darkMode = issues.find((i) => i.key === 'ENG-123');
    expect(darkMode?.suggestions?.[0]).toEqual({
      kr: 'O1-KR1',
      score: expect.any(Number) as number,
      reason: 'shares: nps, ui, asking · like ENG-101, ENG-116',
    });
    expect(issues.find((i) => i.key === 'ENG-124')?.suggestions).toEqual([]);
    for (const s of issues.flatMap((i) => i.suggestions ?? [])) {
      expect(s.score).toBeGreaterThanOrEqual(0.5);
      expect(s.score).toBeLessThanOrEqual(1);
      // Rounded for display like every other number of the JSON.
      expect(Math.round(s.score * 100) / 100).toBe(s.score);
    }
  });

  it('table: the top suggestion is printed under the Icebox reason', async () => {
    const run = await example('table');
    expect(run.status).toBe(0);
    const icebox = run.stdout.slice(
      run.stdout.indexOf('Icebox ('),
      run.stdout.indexOf('\nProblems'),
    );
    expect(icebox).toMatch(
      /^ {2}ENG-123 {4}Dark mode\n {13}serves no key result[^\n]*\n {13}suggested: O1-KR1 \(0\.\d\d\) — shares: nps, ui, asking · like ENG-101, ENG-116$/mu,
    );
    // An issue nothing fits gets no suggestion line.
    expect(icebox).toMatch(
      /^ {2}ENG-124 {4}Native Windows desktop app\n {13}serves no key result[^\n]*\n(?! {13}suggested)/mu,
    );
  });
});

describe.concurrent('keyrank plan: hostile text in suggestions', () => {
  const okrs = join(scratch, 'okrs.yml');
  const backlog = join(scratch, 'backlog.json');
  writeFileSync(
    okrs,
    [
      'period: 2026-Q4',
      'objectives:',
      '  - id: O1',
      '    title: Templates first',
      '    keyResults:',
      '      - { id: O1-KR1, title: Grow template gallery usage, baseline: 0, target: 30 }',
      '      - { id: O1-KR2, title: Reduce churn, baseline: 10, target: 8 }',
    ].join('\n'),
  );
  writeFileSync(
    backlog,
    JSON.stringify([
      {
        key: 'WEB-\u001b[2J1',
        title: 'Template gallery search',
        description: 'Gallery\u001b]8;;http://evil\u0007 templates\r\nFORGED-1 line',
        status: 'done',
        labels: ['templates'],
        keyResults: ['O1-KR1'],
      },
      {
        key: 'WEB-2',
        title: 'Gallery \u202eof templates',
        description: '# Templates\n\n* gallery\n* search\u0000',
        status: 'backlog',
        labels: [],
        keyResults: [],
      },
    ]),
  );
  const run = (format: string) =>
    keyrank([
      'plan',
      '--okrs',
      okrs,
      '--issues',
      backlog,
      '--as-of',
      '2026-11-15',
      '--format',
      format,
    ]);

  it('the backlog reader accepts a Markdown description, and the table escapes what it prints', async () => {
    const out = await run('table');
    expect(out.status).toBe(0);
    expect(out.stdout).not.toMatch(
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u,
    );
    expect(out.stdout).toContain('WEB-2      Gallery \\u202eof templates');
    expect(out.stdout).toMatch(
      /^ {13}suggested: O1-KR1 \(0\.\d\d\) — shares: gallery, search, templates · like WEB-\\u001b\[2J1$/mu,
    );
    expect(out.stdout).not.toMatch(/^FORGED-1/mu);
  });

  it('the JSON is valid and keeps the hostile key intact', async () => {
    const out = await run('json');
    expect(out.status).toBe(0);
    expect(out.stdout).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
    const issues = (JSON.parse(out.stdout) as { issues: IssueJson[] }).issues;
    expect(issues.find((i) => i.key === 'WEB-2')?.suggestions?.[0]?.reason).toBe(
      'shares: gallery, search, templates · like WEB-\u001b[2J1',
    );
  });
});
