import type { KrSuggestionView } from '../../contract/panel';
import { round2, type KrSuggestion, type Okrs } from '../../core/index';

/** The core's suggestions as every page shows them: with the key result's title and objective. */
export function suggestionViews(
  suggestions: readonly KrSuggestion[],
  okrs: Okrs,
): KrSuggestionView[] {
  return suggestions.flatMap((s) => {
    for (const objective of okrs.objectives) {
      const kr = objective.keyResults.find((k) => k.id === s.kr);
      if (kr !== undefined) {
        return [
          {
            kr: s.kr,
            title: kr.title,
            objectiveId: objective.id,
            score: round2(s.score),
            reason: s.reason,
          },
        ];
      }
    }
    return [];
  });
}
