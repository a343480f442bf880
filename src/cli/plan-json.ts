import { summarizeDecision, type Plan } from '../core/index';

/** The `--format json` shape of PRODUCT.md §2. Numbers are rounded for display only. */
export function planToJson(plan: Plan) {
  return {
    asOf: plan.asOf,
    issues: plan.issues.map(summarizeDecision),
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
