import { z } from 'zod';
import type { JiraIssue } from '../api/jira-client';

/**
 * What a page shows of an issue besides the core's snapshot: Jira's own status name and who
 * has it. Kept beside the snapshot, not in it — the core ranks work, it does not know people.
 */
export interface IssueRow {
  /** The workflow status's name ("In Review"); the snapshot keeps only its category. */
  statusName: string | null;
  /** The assignee's display name; null when unassigned. */
  assignee: string | null;
}

/** The fields an `IssueRow` reads; `status` is already in every snapshot search. */
export const ISSUE_ROW_FIELDS = ['status', 'assignee'] as const;

const NameSchema = z.object({ name: z.string() }).passthrough();
const PersonSchema = z.object({ displayName: z.string() }).passthrough();

export function issueRowOf(issue: JiraIssue): IssueRow {
  const status = NameSchema.safeParse(issue.fields['status']);
  const assignee = PersonSchema.safeParse(issue.fields['assignee']);
  return {
    statusName: status.success ? status.data.name : null,
    assignee: assignee.success ? assignee.data.displayName : null,
  };
}
