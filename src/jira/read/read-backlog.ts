import type { SprintState } from '../../core/index';
import { fieldIdsOf } from '../api/field-ids';
import type { JiraClient } from '../api/jira-client';
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
}

/**
 * Reads the open backlog of each project as `reader` — the user, so they see only what Jira
 * lets them see, or the app for background work — one search per 100 issues.
 */
export async function readBacklog(
  reader: JiraClient,
  app: JiraClient,
  projectKeys: readonly string[],
): Promise<JiraBacklog> {
  const ids = await fieldIdsOf(app);
  const issues: JiraSnapshot[] = [];
  const sprintStates = new Map<string, SprintState>();
  for (const projectKey of projectKeys) {
    for (const raw of await reader.searchAll(backlogJql(projectKey), snapshotFields(ids))) {
      issues.push(toSnapshot(raw, ids));
      for (const sprint of sprintsOf(raw, ids)) {
        if (sprint.state !== undefined && !sprintStates.has(sprint.name)) {
          sprintStates.set(sprint.name, sprint.state);
        }
      }
    }
  }
  return { issues, sprintStates };
}
