import {
  formatNumber,
  summarizeDecision,
  type IssueDecision,
  type KrSuggestion,
} from '../../core/index';
import { stableJson } from '../read/stable-json';
import type { ScoreLinks } from '../server/score-links';

/**
 * The score attachment on a Linear issue: its title carries the score, its subtitle and
 * metadata the explanation. Upserted by URL, so there is one per issue.
 */
export interface AttachmentContent {
  url: string;
  title: string;
  subtitle: string;
  metadata: Record<string, unknown>;
}

/**
 * An iceboxed issue's attachment also names the top suggested key result and why. The score is
 * rounded to 2 decimals first: the attachment is rewritten only when what it shows changes, not
 * when a newly linked issue elsewhere moves the score by 0.001.
 */
export function attachmentFor(
  decision: IssueDecision,
  extraProblems: readonly string[],
  links: ScoreLinks,
  suggestion?: KrSuggestion,
): AttachmentContent {
  const problems = [...extraProblems, ...decision.problems];
  const title =
    decision.score !== null
      ? `Keyrank score ${formatNumber(decision.score)}`
      : decision.icebox
        ? 'Keyrank: Icebox'
        : decision.bau
          ? 'Keyrank: business as usual'
          : 'Keyrank: no score yet';
  const shown = decision.icebox && suggestion !== undefined ? rounded(suggestion) : undefined;
  const subtitle = [
    decision.explanation,
    ...extraProblems,
    ...(shown ? [suggestionText(shown)] : []),
  ].join(' · ');
  return {
    url: links.url(decision.issue.key),
    title,
    subtitle,
    // No `suggestion` key at all when there is none, so attachments written before suggestions
    // existed stay the same and are not rewritten for it.
    metadata: { ...summarizeDecision(decision), problems, ...(shown && { suggestion: shown }) },
  };
}

/** `suggested: O2-KR1 (0.74) — shares: template, gallery · like ENG-120`, as `keyrank plan` prints it. */
export function suggestionText(suggestion: KrSuggestion): string {
  return `suggested: ${suggestion.kr} (${suggestion.score.toFixed(2)}) — ${suggestion.reason}`;
}

function rounded(suggestion: KrSuggestion): KrSuggestion {
  return { ...suggestion, score: Math.round(suggestion.score * 100) / 100 };
}

/** Compares what Linear holds with what Keyrank would write; key order does not matter. */
export function sameAttachment(
  current: { title: string; subtitle?: string | null; metadata?: unknown } | undefined,
  wanted: AttachmentContent,
): boolean {
  return (
    current !== undefined &&
    current.title === wanted.title &&
    (current.subtitle ?? '') === wanted.subtitle &&
    stableJson(current.metadata ?? {}) === stableJson(wanted.metadata)
  );
}
