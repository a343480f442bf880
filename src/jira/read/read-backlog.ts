import type { SprintState } from '../../core/index';
import { fieldIdsOf } from '../api/field-ids';
import type { JiraClient } from '../api/jira-client';
import { ISSUE_ROW_FIELDS, issueRowOf, type IssueRow } from './issue-row';
import { snapshotFields, sprintsOf, toSnapshot, type JiraSnapshot } from './issue-snapshot';

/** Only open work: done issues are history, never moved or relabelled, so they are not read. */
export function backlogJql(projectKey: string): string {
  return `project = "${projectKey.replace(/["\\]/g, '')}" AND statusCategory != Done ORDER BY Rank ASC`;
}

export interface JiraBacklog {
  /** Open issues of every project read, each project in its Rank order. */
  issues: JiraSnapshot[];
  /** Sprint name → Jira's sprint state, which the snapshot itself does not keep. */
  sprintStates: Map<string, SprintState>;
  /** Status name and assignee by issue key, when asked for (`withRows`); empty otherwise. */
  rows: Map<string, IssueRow>;
}

/**
 * Reads the open backlog of each project as `reader` — the user, so they see only what Jira
 * lets them see, or the app for background work — one search per 100 issues. A page that
 * shows rows (`withRows`) gets each issue's status name and assignee from the same search.
 */
export async function readBacklog(
  reader: JiraClient,
  app: JiraClient,
  projectKeys: readonly string[],
  options: { withRows?: boolean } = {},
): Promise<JiraBacklog> {
  const ids = await fieldIdsOf(app);
  const issues: JiraSnapshot[] = [];
  const sprintStates = new Map<string, SprintState>();
  const rows = new Map<string, IssueRow>();
  const fields = snapshotFields(ids);
  // Background reads skip the assignee: a 100,000-issue reconcile has no use for it.
  const asked = options.withRows === true ? [...new Set([...fields, ...ISSUE_ROW_FIELDS])] : fields;
  for (const projectKey of projectKeys) {
    for (const raw of await reader.searchAll(backlogJql(projectKey), asked)) {
      issues.push(toSnapshot(raw, ids));
      if (options.withRows === true) {
        rows.set(raw.key, issueRowOf(raw));
      }
      for (const sprint of sprintsOf(raw, ids)) {
        if (sprint.state !== undefined && !sprintStates.has(sprint.name)) {
          sprintStates.set(sprint.name, sprint.state);
        }
      }
    }
  }
  return { issues, sprintStates, rows };
}
