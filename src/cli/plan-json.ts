import {
  round2,
  summarizeDecision,
  type DecisionSummary,
  type KrSuggestion,
  type Plan,
} from '../core/index';

interface JsonSuggestion {
  kr: string;
  score: number;
  reason: string;
}

/**
 * The `--format json` shape of PRODUCT.md §2. Numbers are rounded for display only.
 * `suggestions` (§8) is on Icebox issues only — unlinked, not started, not BAU — and is `[]`
 * when no key result fits; issues it does not apply to have no such field.
 */
export function planToJson(
  plan: Plan,
  suggestions: ReadonlyMap<string, readonly KrSuggestion[]> = new Map(),
) {
  return {
    asOf: plan.asOf,
    issues: plan.issues.map((d) => {
      const summary: DecisionSummary & { suggestions?: JsonSuggestion[] } = summarizeDecision(d);
      const suggested = suggestions.get(d.issue.key);
      if (suggested !== undefined) {
        // Added in place, not spread into a copy: 100,000 issues make copies count.
        summary.suggestions = suggested.map((s) => ({
          kr: s.kr,
          score: round2(s.score),
          reason: s.reason,
        }));
      }
      return summary;
    }),
    moves: plan.moves,
    capacity: plan.capacity.map((c) => ({
      sprint: c.sprint,
      okr: c.okr,
      bau: c.bau,
      unaligned: c.unaligned,
      warnings: c.warnings.map((w) => w.message),
    })),
  };
}

export type PlanJson = ReturnType<typeof planToJson>;
