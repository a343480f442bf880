import type { IssueSnapshot, IssueStatus, Settings } from '../../core/index';
import { readLabels, type IssueLabel } from './label-conventions';
import { readRiceLine } from './rice-line';

/**
 * Linear issue → the core's snapshot. The same builder serves the webhook payload and a
 * backlog read, so an issue scores the same whichever door it came through.
 */
export interface LinearIssueFacts {
  identifier: string;
  title: string;
  /** Workflow state type: triage, backlog, unstarted, started, completed, canceled. */
  stateType: string;
  labels: readonly IssueLabel[];
  estimate: number | null | undefined;
  description: string | null | undefined;
  cycle?: string | null;
}

/**
 * The most of a description the snapshot carries (UTF-16 units): enough for the KR suggester's
 * words, while a pasted log or spec cannot make the per-team suggester index grow without bound.
 */
export const DESCRIPTION_LIMIT = 10_000;

export interface LinearSnapshot {
  snapshot: IssueSnapshot;
  /** What the adapter found wrong before the core looked (an unreadable RICE line). */
  problems: string[];
}

export function statusOf(stateType: string): IssueStatus {
  switch (stateType) {
    case 'triage':
    case 'backlog':
      return 'backlog';
    case 'unstarted':
      return 'todo';
    case 'started':
      return 'in_progress';
    default:
      // completed, canceled, and any type Linear adds later: treated as history, never touched.
      return 'done';
  }
}

export function toSnapshot(facts: LinearIssueFacts, settings: Settings): LinearSnapshot {
  const read = readLabels(facts.labels);
  const line = readRiceLine(facts.description);
  const rice = { ...read.rice };
  if (facts.estimate !== null && facts.estimate !== undefined) {
    rice.effort = facts.estimate;
  }
  Object.assign(rice, line.rice);
  // Linear has no issue type; a label named like a BAU type (such as "Bug") stands in for it.
  const bauTypes = new Set(settings.bauTypes.map((t) => t.toLowerCase()));
  const type = read.plain.find((name) => bauTypes.has(name.toLowerCase()));
  const snapshot: IssueSnapshot = {
    key: facts.identifier,
    title: facts.title,
    status: statusOf(facts.stateType),
    labels: read.plain,
    keyResults: read.keyResults,
    rice,
    estimate: facts.estimate ?? null,
    sprint: facts.cycle ?? null,
  };
  if (type !== undefined) {
    snapshot.type = type;
  }
  const description = cappedDescription(facts.description);
  if (description !== undefined) {
    snapshot.description = description;
  }
  return { snapshot, problems: line.problems };
}

/** Linear's Markdown as it holds it, cut at DESCRIPTION_LIMIT without splitting a surrogate pair. */
function cappedDescription(text: string | null | undefined): string | undefined {
  if (text === null || text === undefined || text.trim() === '') {
    return undefined;
  }
  if (text.length <= DESCRIPTION_LIMIT) {
    return text;
  }
  const end = /[\uD800-\uDBFF]/.test(text.charAt(DESCRIPTION_LIMIT - 1))
    ? DESCRIPTION_LIMIT - 1
    : DESCRIPTION_LIMIT;
  return text.slice(0, end);
}
