import type { KrChoice } from '../../contract/panel';
import { currentAt, isActive, krProgress, type Day, type Okrs } from '../../core/index';

/**
 * The key results of objectives active on `asOf`: what the panel offers, each with its value
 * on that day (its latest check-in by then, else the file's `current`).
 */
export function krChoices(okrs: Okrs | null, asOf: Day): KrChoice[] {
  if (okrs === null) {
    return [];
  }
  return okrs.objectives
    .filter((objective) => isActive(objective, asOf))
    .flatMap((objective) =>
      objective.keyResults.map((kr) => {
        const current = currentAt(kr, asOf);
        return {
          id: kr.id,
          title: kr.title,
          objectiveId: objective.id,
          objectiveTitle: objective.title,
          period: objective.period.label,
          baseline: kr.baseline,
          target: kr.target,
          current,
          unit: kr.unit ?? null,
          progress: krProgress({ baseline: kr.baseline, target: kr.target, current }),
        };
      }),
    );
}
