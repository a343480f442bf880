import { round2 } from './format';
import type { IssueDecision } from './plan';

/**
 * One issue's decision as plain data: the issue shape of `keyrank plan --format json`, also
 * carried in Linear's score attachment. Numbers are rounded for display; ranking never sees these.
 */
export function summarizeDecision(d: IssueDecision) {
  return {
    key: d.issue.key,
    score: d.score === null ? null : round2(d.score),
    rice: d.riceValue === null ? null : round2(d.riceValue),
    alignment: round2(d.alignment),
    keyResults: d.keyResults.map((s) => s.kr.id),
    icebox: d.icebox,
    iceboxReason: d.iceboxReason,
    bau: d.bau,
    problems: d.problems,
    explanation: d.explanation,
  };
}

export type DecisionSummary = ReturnType<typeof summarizeDecision>;
