import type { Okrs } from '../okrs';
import type { IssueDecision, Plan } from '../plan';
import { buildSuggester, type KrSuggestion } from './build-suggester';

/**
 * Suggestions for every Icebox issue of a plan, by key: the issues that serve no active key
 * result, are not started and are not BAU (exactly the Icebox rule). The plan's own linked
 * issues, done ones included, are what the suggester learns from. Other issues get no entry.
 *
 * @example
 * const suggestions = suggestKeyResults(plan(input), input.okrs);
 * suggestions.get('ENG-125'); // [] or [{ kr: 'O1-KR3', score: 0.38, reason: 'shares: …' }]
 */
export function suggestKeyResults(plan: Plan, okrs: Okrs): Map<string, KrSuggestion[]> {
  const out = new Map<string, KrSuggestion[]>();
  // No Icebox, nothing to suggest: the index is not worth building.
  if (!plan.issues.some((d) => d.icebox)) {
    return out;
  }
  const suggester = buildSuggester({
    okrs,
    issues: plan.issues.map((d) => d.issue),
    asOf: plan.asOf,
  });
  // Indexed: one pass over 100,000 decisions, mostly before this is optimised.
  for (let n = 0; n < plan.issues.length; n++) {
    const d = plan.issues[n] as IssueDecision;
    if (d.icebox) {
      out.set(d.issue.key, suggester.suggest(d.issue));
    }
  }
  return out;
}
