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
  // A backlog has a handful of types: each is lowered and worded once, not once per issue.
  const byType = new Map<string, string | null>();
  const typeReason = (type: string): string | null => {
    let reason = byType.get(type);
    if (reason === undefined) {
      reason = types.has(type.toLowerCase()) ? `type ${type}` : null;
      byType.set(type, reason);
    }
    return reason;
  };
  return (issue) => {
    const byItsType = issue.type === undefined ? null : typeReason(issue.type);
    if (byItsType !== null) {
      return byItsType;
    }
    for (const label of issue.labels) {
      if (labels.has(label.toLowerCase())) {
        return `label ${label}`;
      }
    }
    return null;
  };
}

/** One-off form of `bauRule`, for adapters that judge a single issue. */
export function bauReason(
  issue: Pick<IssueSnapshot, 'type' | 'labels'>,
  settings: Pick<Settings, 'bauTypes' | 'bauLabels'>,
): string | null {
  return bauRule(settings)(issue);
}
