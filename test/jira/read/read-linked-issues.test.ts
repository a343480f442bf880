import { afterEach, describe, expect, it } from 'vitest';
import { fieldIdsOf } from '../../../src/jira/api/field-ids';
import {
  LINKED_ISSUE_LIMIT,
  linkedIssuesJql,
  projectOfIssueKey,
  readLinkedIssues,
} from '../../../src/jira/read/read-linked-issues';
import { startHarness, type Harness } from '../harness';

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

describe("the suggester's documents: a project's linked issues, bounded", () => {
  it('reads the most recently updated linked issues, done ones too, and stops at the limit', async () => {
    const seeds = Array.from({ length: 250 }, (_, i) => ({
      key: `ENG-${i + 1}`,
      summary: `Linked work ${i + 1}`,
      keyResults: ['O2-KR1'],
      status: i % 5 === 0 ? ('done' as const) : ('new' as const),
    }));
    h = await startHarness([...seeds, { key: 'ENG-999', summary: 'Unlinked' }]);
    const ids = await fieldIdsOf(h.deps.app);
    h.jira.requests.length = 0;
    const issues = await readLinkedIssues(h.deps.user, ids, 'ENG', 150);
    expect(issues).toHaveLength(150);
    expect(issues[0]?.key).toBe('ENG-250');
    expect(issues.some((i) => i.status === 'done')).toBe(true);
    expect(issues.every((i) => i.keyResults.length > 0)).toBe(true);
    const searches = h.jira.requests.map((r) => [
      r.provider,
      (r.body as { maxResults: number }).maxResults,
    ]);
    expect(searches).toEqual([
      ['user', 100],
      ['user', 50],
    ]);
    expect(LINKED_ISSUE_LIMIT).toBe(500);
  });

  it('quotes the project and names the field by its JQL id', () => {
    expect(linkedIssuesJql('EN"G', 'customfield_10101')).toBe(
      'project = "ENG" AND cf[10101] IS NOT EMPTY ORDER BY updated DESC',
    );
    expect(projectOfIssueKey('ENG-42')).toBe('ENG');
    expect(projectOfIssueKey('MY_PROJ-7')).toBe('MY_PROJ');
  });
});
