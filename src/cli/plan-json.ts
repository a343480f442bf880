import {
  round2,
  summarizeDecision,
  type CheckIn,
  type DecisionSummary,
  type KeyResultReport,
  type KrSuggestion,
  type Plan,
} from '../core/index';

interface JsonSuggestion {
  kr: string;
  score: number;
  reason: string;
}

/**
 * The `--format json` shape of PRODUCT.md §2, with §7's top-level `keyResults` (one
 * `keyResultReports` entry per KR, in file order). Numbers are rounded for display only.
 * `suggestions` (§8) is on Icebox issues only — unlinked, not started, not BAU — and is `[]`
 * when no key result fits; issues it does not apply to have no such field.
 */
export function planToJson(
  plan: Plan,
  keyResults: readonly KeyResultReport[],
  suggestions: ReadonlyMap<string, readonly KrSuggestion[]> = new Map(),
) {
  return {
    asOf: plan.asOf,
    issues: plan.issues.map((d) => {
      const summary: DecisionSummary & { suggestions?: JsonSuggestion[] } = summarizeDecision(d);
      // Only Icebox issues have suggestions: the others need no lookup.
      const suggested = d.icebox ? suggestions.get(d.issue.key) : undefined;
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
    keyResults: keyResults.map(keyResultToJson),
  };
}

/**
 * §7's entry, fields in its order. Every number is rounded alike — a `linked-done` value such
 * as 33.333… too — so `current` always equals `lastCheckIn.value` when a check-in set it.
 */
function keyResultToJson(r: KeyResultReport) {
  return {
    id: r.id,
    objective: r.objective,
    baseline: round2(r.baseline),
    target: round2(r.target),
    current: round2(r.current),
    progress: round2(r.progress),
    expected: round2(r.expected),
    lag: round2(r.lag),
    health: r.health,
    stale: r.stale,
    lastCheckIn:
      r.lastCheckIn === null
        ? null
        : { date: r.lastCheckIn.date, value: round2(r.lastCheckIn.value) },
    checkIns: r.checkIns.map((c): CheckIn => ({ ...c, value: round2(c.value) })),
  };
}

export type PlanJson = ReturnType<typeof planToJson>;
