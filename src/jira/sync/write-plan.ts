import { round2, type IssueDecision, type Settings } from '../../core/index';
import type { JiraSnapshot } from '../read/issue-snapshot';

/** The writes that bring Jira in line with the core's decisions; empty when nothing changed. */
export interface WritePlan {
  /** Score value (rounded to 2 decimals, or null to clear) → issue ids. */
  scores: Map<number | null, number[]>;
  addLabel: string[];
  removeLabel: string[];
}

/**
 * Compares each decision with what the issue already holds. Done issues are history and
 * started issues keep their labels: Keyrank never touches either's icebox label.
 */
export function planWrites(
  decisions: readonly IssueDecision[],
  byKey: ReadonlyMap<string, JiraSnapshot>,
  settings: Pick<Settings, 'iceboxLabel'>,
): WritePlan {
  const plan: WritePlan = { scores: new Map(), addLabel: [], removeLabel: [] };
  for (const d of decisions) {
    const jira = byKey.get(d.issue.key);
    if (jira === undefined || d.issue.status === 'done') {
      continue;
    }
    const score = d.score === null ? null : round2(d.score);
    const stored = jira.storedScore === null ? null : round2(jira.storedScore);
    if (score !== stored) {
      const ids = plan.scores.get(score) ?? [];
      ids.push(jira.id);
      plan.scores.set(score, ids);
    }
    if (d.issue.status === 'in_progress') {
      continue;
    }
    const labelled = d.issue.labels.includes(settings.iceboxLabel);
    if (d.icebox && !labelled) {
      plan.addLabel.push(d.issue.key);
    } else if (!d.icebox && labelled) {
      plan.removeLabel.push(d.issue.key);
    }
  }
  return plan;
}
