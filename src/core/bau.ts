import type { IssueSnapshot } from './issue';
import type { Settings } from './settings';

export type BauRule = (issue: Pick<IssueSnapshot, 'type' | 'labels'>) => string | null;

/**
 * Business as usual: bugs, maintenance, tech debt. The rule returns why an issue is BAU
 * ("type Bug", "label tech-debt"), or `null` when it is not. Matching ignores case because
 * trackers and people disagree about it; the sets are built once per plan, not per issue.
 */
export function bauRule(settings: Pick<Settings, 'bauTypes' | 'bauLabels'>): BauRule {
  const types = new Set(settings.bauTypes.map((type) => type.toLowerCase()));
  const labels = new Set(settings.bauLabels.map((label) => label.toLowerCase()));
  return (issue) => {
    if (issue.type !== undefined && types.has(issue.type.toLowerCase())) {
      return `type ${issue.type}`;
    }
    const label = issue.labels.find((l) => labels.has(l.toLowerCase()));
    return label === undefined ? null : `label ${label}`;
  };
}

/** One-off form of `bauRule`, for adapters that judge a single issue. */
export function bauReason(
  issue: Pick<IssueSnapshot, 'type' | 'labels'>,
  settings: Pick<Settings, 'bauTypes' | 'bauLabels'>,
): string | null {
  return bauRule(settings)(issue);
}
