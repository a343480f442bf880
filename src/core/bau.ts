import type { IssueSnapshot } from './issue.js';
import type { Settings } from './settings.js';

/**
 * Business as usual: bugs, maintenance, tech debt. Returns why an issue is BAU
 * ("type Bug", "label tech-debt"), or `null` when it is not. Matching ignores case
 * because trackers and people disagree about it.
 */
export function bauReason(
  issue: Pick<IssueSnapshot, 'type' | 'labels'>,
  settings: Pick<Settings, 'bauTypes' | 'bauLabels'>,
): string | null {
  const type = issue.type?.toLowerCase();
  if (type !== undefined && settings.bauTypes.some((t) => t.toLowerCase() === type)) {
    return `type ${issue.type}`;
  }
  const bauLabels = new Set(settings.bauLabels.map((label) => label.toLowerCase()));
  const label = issue.labels.find((l) => bauLabels.has(l.toLowerCase()));
  return label === undefined ? null : `label ${label}`;
}
