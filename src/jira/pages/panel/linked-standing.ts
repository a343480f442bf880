import type { KrLiveView } from '../../../contract/key-results';
import type { LinkedKrStanding } from '../../../contract/panel';
import {
  dayNumber,
  indexKeyResults,
  isActive,
  type Day,
  type HealthSettings,
  type Objective,
  type Okrs,
} from '../../../core/index';
import { krLiveView } from '../../../contract/roadmap-view';

const HEALTH_WORDS: Readonly<Record<KrLiveView['health'], string>> = {
  'on-track': 'on track',
  'at-risk': 'at risk',
  behind: 'behind',
};

const percent = (x: number): string => `${Math.round(x * 100)}%`;

const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;

/** Days from one ISO day to another; 0 when either is unreadable. */
function daysBetween(from: Day, to: Day): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return a === null || b === null ? 0 : b - a;
}

/**
 * "has had no check-in for 21 days". A value read from Jira is recorded only when it moves,
 * so for those KRs staleness means the number has not moved: nobody is late to check in.
 */
function staleText(view: KrLiveView, objective: Objective, asOf: Day): string {
  const automatic = view.progressSource === 'query' || view.progressSource === 'linked-done';
  if (view.lastCheckIn === null) {
    const since = `since its period began ${days(daysBetween(objective.period.start, asOf))} ago`;
    return automatic ? `has not moved ${since}` : `has had no check-in ${since}`;
  }
  const idle = days(daysBetween(view.lastCheckIn.date, asOf));
  return automatic ? `has not moved for ${idle}` : `has had no check-in for ${idle}`;
}

/** One line a person can act on: what is wrong with the KR, and whom to ask. */
export function standingMessage(view: KrLiveView, objective: Objective, asOf: Day): string {
  const parts: string[] = [];
  if (view.health !== 'on-track') {
    parts.push(
      `is ${HEALTH_WORDS[view.health]}: ${percent(view.progress)} done, ${percent(view.expected)} expected`,
    );
  }
  if (view.stale) {
    parts.push(staleText(view, objective, asOf));
  }
  const who = view.stale
    ? view.owner === null
      ? 'no owner is named in the OKR file to ask'
      : `ask its owner, ${view.owner}`
    : view.owner === null
      ? 'no owner is named in the OKR file'
      : `${view.owner} owns it`;
  return `${view.krId} ${parts.join(', and ')} — ${who}`;
}

/**
 * The linked KRs of running objectives that are behind, at risk or stale, in link
 * order, computed with the one KR → view mapping every page uses. Unknown and ended KRs are
 * the decision's problems already, so they are not repeated here.
 */
export function linkedStanding(
  linked: readonly string[],
  okrs: Okrs,
  asOf: Day,
  settings: HealthSettings,
): LinkedKrStanding[] {
  const index = indexKeyResults(okrs);
  const standing: LinkedKrStanding[] = [];
  for (const krId of new Set(linked)) {
    const entry = index.get(krId);
    if (entry === undefined || !isActive(entry.objective, asOf)) {
      continue;
    }
    const view = krLiveView(entry.kr, entry.objective, asOf, settings);
    if (view.health === 'on-track' && !view.stale) {
      continue;
    }
    standing.push({
      krId,
      health: view.health,
      stale: view.stale,
      message: standingMessage(view, entry.objective, asOf),
    });
  }
  return standing;
}
