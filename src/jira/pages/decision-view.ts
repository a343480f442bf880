import type { IssueVerdict } from '../../contract/panel';
import type { RoadmapIssue } from '../../contract/roadmap';
import { round2, type IssueDecision } from '../../core/index';

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

/** A decision with its issue: a roadmap row, under a KR or in the Icebox. */
export function issueView(d: IssueDecision): RoadmapIssue {
  return { key: d.issue.key, title: d.issue.title, status: d.issue.status, ...verdictOf(d) };
}
