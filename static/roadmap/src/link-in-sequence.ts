import type { ResolverResult } from '../../../src/contract/result';

export interface LinkFailure {
  key: string;
  /** The resolver's sentence: why this one issue was not linked. */
  message: string;
}

export interface LinkOutcome {
  linked: string[];
  failed: LinkFailure[];
}

/**
 * Links issues to one key result one after another — one resolver call each, so the page can
 * show progress and a refusal on one issue (no "Edit issues" there) never stops the rest.
 */
export async function linkInSequence(
  keys: readonly string[],
  link: (key: string) => Promise<ResolverResult<unknown>>,
  onProgress: (outcome: LinkOutcome) => void,
): Promise<LinkOutcome> {
  const outcome: LinkOutcome = { linked: [], failed: [] };
  for (const key of keys) {
    const answer = await link(key);
    if (answer.ok) {
      outcome.linked.push(key);
    } else {
      outcome.failed.push({ key, message: answer.error.message });
    }
    onProgress({ linked: [...outcome.linked], failed: [...outcome.failed] });
  }
  return outcome;
}
