import { formatNumber } from './format';
import type { IssueStatus } from './issue';
import type { Settings } from './settings';

/**
 * The sprint (cycle) capacity check: OKR work should take `okrMin`–`okrMax`% of a sprint's
 * effort, the rest going to business as usual and, ideally, nothing unaligned.
 */

export type WorkKind = 'okr' | 'bau' | 'unaligned';

export interface CapacityItem {
  key: string;
  sprint?: string | null;
  kind: WorkKind;
  /** The tracker's estimate, else RICE effort, else 1. */
  effort: number;
  score: number | null;
  status: IssueStatus;
  icebox: boolean;
}

export interface CapacityWarning {
  direction: 'below' | 'above';
  message: string;
  /** Backlog issues that would fix it if pulled into the sprint. */
  add: string[];
  /** Sprint issues that would fix it if taken out. */
  remove: string[];
}

export interface SprintCapacity {
  sprint: string;
  effort: Record<WorkKind | 'total', number>;
  /** Shares of the sprint's effort, in percent. */
  okr: number;
  bau: number;
  unaligned: number;
  warnings: CapacityWarning[];
}

export function effortOf(
  estimate: number | null | undefined,
  riceEffort: number | undefined,
): number {
  if (typeof estimate === 'number') {
    return estimate;
  }
  return riceEffort ?? 1;
}

const EPSILON = 1e-9;

/**
 * Takes items in order until their effort reaches `need`, skipping any that would carry the
 * sum past `limit` (past the other edge of the band); nothing when `need` is out of reach.
 */
function pickUntil(
  items: readonly CapacityItem[],
  need: number,
  limit = Number.POSITIVE_INFINITY,
): string[] {
  if (!(need > EPSILON)) {
    return [];
  }
  const picked: string[] = [];
  let sum = 0;
  for (const item of items) {
    if (item.effort <= 0 || sum + item.effort > limit + EPSILON) {
      continue;
    }
    picked.push(item.key);
    sum += item.effort;
    if (sum + EPSILON >= need) {
      return picked;
    }
  }
  return [];
}

function isOpen(item: CapacityItem): boolean {
  return item.status === 'backlog' || item.status === 'todo';
}

/**
 * One report per sprint, in the order sprints first appear. `items` must be in the backlog's
 * new order, so "add" suggestions start with the best-ranked work.
 */
export function checkCapacity(
  items: readonly CapacityItem[],
  band: Settings['capacity'],
): SprintCapacity[] {
  const sprints = new Map<string, CapacityItem[]>();
  for (const item of items) {
    if (item.sprint) {
      const list = sprints.get(item.sprint) ?? [];
      list.push(item);
      sprints.set(item.sprint, list);
    }
  }
  const unplanned = items.filter((item) => !item.sprint && isOpen(item) && !item.icebox);
  return [...sprints].map(([sprint, list]) => sprintCapacity(sprint, list, unplanned, band));
}

function sprintCapacity(
  sprint: string,
  list: readonly CapacityItem[],
  unplanned: readonly CapacityItem[],
  band: Settings['capacity'],
): SprintCapacity {
  const effort = { okr: 0, bau: 0, unaligned: 0, total: 0 };
  for (const item of list) {
    effort[item.kind] += item.effort;
    effort.total += item.effort;
  }
  const share = (n: number): number => (effort.total > 0 ? (100 * n) / effort.total : 0);
  const report: SprintCapacity = {
    sprint,
    effort,
    okr: round1(share(effort.okr)),
    bau: round1(share(effort.bau)),
    unaligned: round1(share(effort.unaligned)),
    warnings: [],
  };
  if (effort.total <= 0) {
    return report;
  }
  const okrShare = share(effort.okr);
  const min = band.okrMin / 100;
  const max = band.okrMax / 100;
  const { okr: o, total: t } = effort;
  const bandText = `${formatNumber(band.okrMin)}–${formatNumber(band.okrMax)}%`;
  const head = `OKR work is ${formatNumber(round1(okrShare))}% of ${sprint} (target ${bandText})`;

  if (okrShare + EPSILON < band.okrMin) {
    const add =
      min < 1
        ? pickUntil(
            unplanned.filter((i) => i.kind === 'okr' && i.score !== null),
            (min * t - o) / (1 - min),
            max < 1 ? (max * t - o) / (1 - max) : undefined,
          )
        : [];
    const removable = list.filter((i) => isOpen(i) && i.kind !== 'okr');
    const byKind = [
      ...removable.filter((i) => i.kind === 'unaligned'),
      ...removable.filter((i) => i.kind === 'bau'),
    ];
    // With no OKR work at all, taking work out only empties the sprint.
    const remove = min > 0 && o > 0 ? pickUntil(byKind, t - o / min, t - o / max) : [];
    report.warnings.push({
      direction: 'below',
      add,
      remove,
      message: sentence(head, add, remove, 'OKR work'),
    });
  } else if (okrShare > band.okrMax + EPSILON) {
    const add =
      max > 0
        ? pickUntil(
            unplanned.filter((i) => i.kind === 'bau'),
            o / max - t,
            min > 0 ? o / min - t : undefined,
          )
        : [];
    const lowestFirst = list
      .filter((i) => isOpen(i) && i.kind === 'okr')
      .sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
    const remove =
      max < 1 ? pickUntil(lowestFirst, (o - max * t) / (1 - max), (o - min * t) / (1 - min)) : [];
    report.warnings.push({
      direction: 'above',
      add,
      remove,
      message: sentence(head, add, remove, 'BAU work'),
    });
  }
  return report;
}

function sentence(head: string, add: string[], remove: string[], adding: string): string {
  const fixes: string[] = [];
  if (add.length > 0) {
    fixes.push(`add ${adding} ${add.join(', ')}`);
  }
  if (remove.length > 0) {
    // "out of it", not "out of the sprint": Linear calls it a cycle, and the head names it.
    fixes.push(`take ${remove.join(', ')} out of it`);
  }
  return fixes.length > 0
    ? `${head}: ${fixes.join(', or ')}`
    : `${head}; no backlog issue can fix it alone`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
