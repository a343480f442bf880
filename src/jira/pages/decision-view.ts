import type { IssueVerdict } from '../../contract/panel';
import type { RoadmapIssue } from '../../contract/roadmap';
import { round2, type IssueDecision } from '../../core/index';
import type { IssueRow } from '../read/issue-row';

/** The core's decision as every page shows it: the one decision → view mapping. */
export function verdictOf(d: IssueDecision): IssueVerdict {
  return {
    score: d.score === null ? null : round2(d.score),
    explanation: d.explanation,
    icebox: d.icebox,
    iceboxReason: d.iceboxReason,
    bau: d.bau,
    problems: d.problems,
  };
}

const UNKNOWN_ROW: IssueRow = { statusName: null, assignee: null };

/**
 * A decision with its issue: a roadmap row, under a KR or in the Icebox. `row` is what Jira
 * said beside the snapshot (status name, assignee); unknown (null) where it was not read.
 */
export function issueView(d: IssueDecision, row: IssueRow = UNKNOWN_ROW): RoadmapIssue {
  return {
    key: d.issue.key,
    title: d.issue.title,
    status: d.issue.status,
    statusName: row.statusName,
    assignee: row.assignee,
    ...verdictOf(d),
  };
}
