import { prepareKeyResults } from './alignment';
import { bauRule } from './bau';
import type { Day } from './day';
import type { IssueSnapshot } from './issue';
import type { Okrs } from './okrs';
import { decide, type IssueDecision } from './plan';
import type { Settings } from './settings';

/**
 * One issue's decision on `asOf` — score, Icebox, problems, explanation — the same one `plan`
 * makes for it in a backlog. For adapters that judge a single issue (an issue event, a panel).
 *
 * @example
 * const decision = decideIssue(snapshot, okrs, settings, '2026-11-15');
 * if (decision.icebox) console.log(decision.iceboxReason);
 */
export function decideIssue(
  issue: IssueSnapshot,
  okrs: Okrs,
  settings: Pick<Settings, 'scheduleBoost' | 'bauTypes' | 'bauLabels'>,
  asOf: Day,
): IssueDecision {
  return decide(issue, prepareKeyResults(okrs, asOf, settings.scheduleBoost), bauRule(settings));
}
