import { z } from 'zod';
import type { IssueSnapshot } from '../../core/index';
import { snapshotFields, toSnapshot } from '../client/issue-snapshot';
import type { JiraClient } from '../client/jira-client';
import { backlogJql } from '../services/reconcile-project';
import { fieldIdsOf } from '../services/jira-deps';

const SprintListSchema = z
  .array(z.object({ name: z.string(), state: z.string().optional() }).passthrough())
  .catch([]);

export interface RoadmapBacklog {
  /** Open issues of every project read, each project in its Rank order. */
  issues: IssueSnapshot[];
  /** Sprint name → Jira's sprint state (`active`, `future`, `closed`). */
  sprintStates: Map<string, string>;
}

/**
 * Reads the open backlog of each project as `reader` (the user, so they see only what Jira
 * lets them see), with the sprint states the snapshot itself does not keep.
 */
export async function readBacklog(
  reader: JiraClient,
  app: JiraClient,
  projectKeys: readonly string[],
): Promise<RoadmapBacklog> {
  const ids = await fieldIdsOf(app);
  const issues: IssueSnapshot[] = [];
  const sprintStates = new Map<string, string>();
  for (const projectKey of projectKeys) {
    for (const raw of await reader.searchAll(backlogJql(projectKey), snapshotFields(ids))) {
      issues.push(toSnapshot(raw, ids).snapshot);
      if (ids.sprint !== null) {
        for (const sprint of SprintListSchema.parse(raw.fields[ids.sprint] ?? [])) {
          if (sprint.state !== undefined && !sprintStates.has(sprint.name)) {
            sprintStates.set(sprint.name, sprint.state);
          }
        }
      }
    }
  }
  return { issues, sprintStates };
}
