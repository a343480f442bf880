import type { IssueSnapshot } from '../../core/index';
import type { FieldIds } from '../api/field-ids';
import { SEARCH_PAGE_SIZE, type JiraClient } from '../api/jira-client';
import { snapshotFields, toSnapshot } from './issue-snapshot';

/**
 * What the suggester learns from in the panel: the most recently updated issues of the
 * project linked to a key result. Bounded so one panel load costs at most 5 searches.
 */
export const LINKED_ISSUE_LIMIT = 500;

/** A project's issues linked to any key result, done ones too, most recently updated first. */
export function linkedIssuesJql(projectKey: string, keyResultsField: string): string {
  const project = projectKey.replace(/["\\]/g, '');
  const cf = keyResultsField.replace(/^customfield_/, '');
  return `project = "${project}" AND cf[${cf}] IS NOT EMPTY ORDER BY updated DESC`;
}

/** The project key of an issue key: Jira keys are `<PROJECT>-<number>`. */
export function projectOfIssueKey(issueKey: string): string {
  return issueKey.slice(0, Math.max(issueKey.lastIndexOf('-'), 0));
}

/**
 * Reads the project's linked issues as `reader` (the user: only what they may see teaches
 * their suggestions), one search per 100 issues, at most `limit` issues.
 */
export async function readLinkedIssues(
  reader: JiraClient,
  ids: FieldIds,
  projectKey: string,
  limit = LINKED_ISSUE_LIMIT,
): Promise<IssueSnapshot[]> {
  const jql = linkedIssuesJql(projectKey, ids.keyResults);
  const issues: IssueSnapshot[] = [];
  let token: string | undefined;
  do {
    const size = Math.min(SEARCH_PAGE_SIZE, limit - issues.length);
    const page = await reader.searchPage(jql, snapshotFields(ids), token, size);
    issues.push(...page.issues.map((raw) => toSnapshot(raw, ids).snapshot));
    token = page.nextPageToken ?? undefined;
  } while (token !== undefined && issues.length < limit);
  return issues.slice(0, limit);
}
