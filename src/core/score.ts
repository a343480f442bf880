import { alignmentOf, type KrStanding } from './alignment';
import { formatNumber } from './format';
import type { Rice } from './rice';

/**
 * score = RICE × alignment. Absolute, never normalised against other issues, so a score
 * means the same thing in a list of three and in a list of thirty thousand.
 */
export function scoreOf(riceValue: number, alignment: number): number {
  return riceValue * alignment;
}

/** "RICE 800 × 2 × 80% / 4 = 320" */
export function explainRice(rice: Rice, value: number): string {
  return riceParts(rice, value).join('');
}

/**
 * explainRice's pieces. Sentences are joined, not written as templates: a template leaves a
 * rope of pieces that JSON.stringify must flatten again for each of 100,000 issues.
 */
function riceParts(rice: Rice, value: number): string[] {
  const { reach, impact, confidence, effort } = rice;
  return [
    'RICE ',
    formatNumber(reach),
    ' × ',
    formatNumber(impact),
    ' × ',
    formatNumber(confidence),
    '% / ',
    formatNumber(effort),
    ' = ',
    formatNumber(value),
  ];
}

/** "O1-KR1 ×1.00 + O2-KR1 ×2.30 (behind plan) = 3.30" */
export function explainAlignment(active: readonly KrStanding[]): string {
  const terms = active.map(
    (s) => `${s.kr.id} ×${s.factor.toFixed(2)}${s.behindPlan ? ' (behind plan)' : ''}`,
  );
  return `${terms.join(' + ')} = ${alignmentOf(active).toFixed(2)}`;
}

/**
 * The full sentence shown beside a score. `alignmentText` is `explainAlignment(active)`, for a
 * caller that keeps it worded once per set of links.
 */
export function explainScore(
  rice: Rice,
  riceValue: number,
  active: readonly KrStanding[],
  alignmentText: string = explainAlignment(active),
): string {
  const score = scoreOf(riceValue, alignmentOf(active));
  const parts = riceParts(rice, riceValue);
  parts.push(' · ', alignmentText, ' · score ', formatNumber(score));
  return parts.join('');
}
