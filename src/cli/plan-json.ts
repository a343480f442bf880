import { round2, type Plan } from '../core/index';

/** The `--format json` shape of PRODUCT.md §2. Numbers are rounded for display only. */
export function planToJson(plan: Plan) {
  return {
    asOf: plan.asOf,
    issues: plan.issues.map((d) => ({
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
    })),
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
