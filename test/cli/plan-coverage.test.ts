import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyrank } from './keyrank-binary';

/** The table's coverage section comes from the core's roadmap model, as the Jira page's does. */
const dir = mkdtempSync(join(tmpdir(), 'keyrank-coverage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function workspace(backlog: object[]): string[] {
  const okrs = join(dir, 'okrs.yml');
  const issues = join(dir, `backlog-${backlog.length}.json`);
  writeFileSync(
    okrs,
    [
      'period: 2026-Q4',
      'objectives:',
      '  - id: O1',
      '    title: Make templates the front door',
      '    keyResults:',
      '      - { id: O1-KR1, title: Template usage, baseline: 0, target: 30, current: 6 }',
      '      - { id: O1-KR2, title: Templates shared per agency, baseline: 1, target: 4 }',
    ].join('\n'),
  );
  writeFileSync(issues, JSON.stringify(backlog));
  return ['plan', '--okrs', okrs, '--issues', issues, '--as-of', '2026-11-15'];
}

const linked = (key: string, kr: string) => ({
  key,
  title: `Template gallery work ${key}`,
  type: 'Story',
  status: 'backlog',
  keyResults: [kr],
  rice: { reach: 500, impact: 1, confidence: 80, effort: 2 },
});

describe('keyrank plan: coverage', () => {
  it('names a key result that no work in the backlog serves', async () => {
    const run = await keyrank(workspace([linked('ENG-1', 'O1-KR1')]));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Coverage: 1 gap\n  O1-KR2 has no work in the backlog\n');
  });

  it('says so when every active key result has work', async () => {
    const run = await keyrank(workspace([linked('ENG-1', 'O1-KR1'), linked('ENG-2', 'O1-KR2')]));
    expect(run.stdout).toContain('Coverage: every active key result has work\n');
  });
});
