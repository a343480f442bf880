import {
  dayNumber,
  formatNumber,
  krOwner,
  type Day,
  type Health,
  type HealthSettings,
  type KeyResult,
  type KrStatus,
  type Objective,
} from '../core/index';
import { clip } from './terminal-text';

/**
 * The table's lines about living key results (PRODUCT.md §7): each KR's health and last
 * check-in, and the Stale section naming who should check in. The lines are raw; the caller
 * escapes them with the rest of the table.
 */

const HEALTH_WORDS: Readonly<Record<Health, string>> = {
  'on-track': 'on track',
  'at-risk': 'at risk',
  behind: 'behind',
};

/** Check-in notes are free text up to 500 characters: a table line shows their start. */
const NOTE_WIDTH = 60;

/** `behind · last check-in 2026-11-03: 44 by ana@example.com — Q3 survey · stale` */
export function healthLine(status: KrStatus, unit: string): string {
  const last = status.lastCheckIn;
  let checkIn = 'no check-in';
  if (last !== null) {
    checkIn = `last check-in ${last.date}: ${formatNumber(last.value)}${unit}`;
    if (last.by !== undefined) {
      checkIn += ` by ${last.by}`;
    } else if (last.source !== undefined && last.source !== 'manual' && last.source !== 'file') {
      // An automatic value names its source, so nobody looks for the person who typed it.
      checkIn += ` (${last.source})`;
    }
    if (last.note !== undefined && last.note !== '') {
      checkIn += ` — ${clip(last.note, NOTE_WIDTH)}`;
    }
  }
  return `${HEALTH_WORDS[status.health]} · ${checkIn}${status.stale ? ' · stale' : ''}`;
}

export interface StaleKeyResult {
  kr: KeyResult;
  objective: Objective;
  status: KrStatus;
}

/** The "Stale" section: a header, then per stale KR its title and who should check in since when. */
export function staleSection(
  stale: readonly StaleKeyResult[],
  asOf: Day,
  settings: HealthSettings,
): string[] {
  const days = dayCount(settings.staleAfterDays);
  if (stale.length === 0) {
    return [`Stale: none — no running key result has gone ${days} without a check-in`];
  }
  const lines = [
    `Stale: ${stale.length} key result${stale.length === 1 ? '' : 's'} without a check-in in the last ${days}`,
  ];
  for (const { kr, objective, status } of stale) {
    const owner = krOwner(kr, objective);
    const last = status.lastCheckIn;
    // A KR that never had a check-in has been waiting since its period began.
    const since =
      last === null
        ? `no check-in since the period began on ${objective.period.start}, ${daysAgo(objective.period.start, asOf)}`
        : `last check-in ${last.date}, ${daysAgo(last.date, asOf)}`;
    lines.push(
      `  ${kr.id.padEnd(9)}  ${clip(kr.title, 70)}`,
      `             ${owner === null ? 'no owner named' : `owner ${owner}`} · ${since}`,
    );
  }
  return lines;
}

function daysAgo(day: Day, asOf: Day): string {
  return `${dayCount((dayNumber(asOf) ?? 0) - (dayNumber(day) ?? 0))} ago`;
}

function dayCount(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}
