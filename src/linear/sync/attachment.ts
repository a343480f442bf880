import { formatNumber, summarizeDecision, type IssueDecision } from '../../core/index';
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

export function attachmentFor(
  decision: IssueDecision,
  extraProblems: readonly string[],
  links: ScoreLinks,
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
  const subtitle = [decision.explanation, ...extraProblems].join(' · ');
  return {
    url: links.url(decision.issue.key),
    title,
    subtitle,
    metadata: { ...summarizeDecision(decision), problems },
  };
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
