import {
  indexKeyResults,
  type CheckInSource,
  type KeyResult,
  type Objective,
  type Okrs,
} from '../../core/index';
import type { CheckInStore } from '../store/check-in-store';

/**
 * Why a check-in was refused, changing nothing: `unknown-kr` (404), `automatic` (the KR's value
 * comes from linked-done or query: a check-in would be overwritten, 409), `future-date` (400).
 */
export class CheckInRefusedError extends Error {
  constructor(
    readonly reason: 'unknown-kr' | 'automatic' | 'future-date',
    message: string,
  ) {
    super(message);
    this.name = 'CheckInRefusedError';
  }
}

export interface CheckInRequest {
  krId: string;
  value: number;
  /** YYYY-MM-DD; today when absent. */
  date?: string | undefined;
  note?: string | undefined;
  /** Who checked in: a person's name; absent for a push. */
  by?: string;
  source: Extract<CheckInSource, 'manual' | 'push'>;
}

export interface CheckInDeps {
  /** The OKRs the server scores with now: the file's, plus the check-ins stored so far. */
  okrs: () => Promise<Okrs>;
  store: Pick<CheckInStore, 'append'>;
  /** The day a check-in without a date is for, and the last day one may be for. */
  today: () => string;
}

/** The KR after its check-in, with the day it was recorded on. */
export interface CheckedIn {
  kr: KeyResult;
  objective: Objective;
  /** The day the check-in is for. */
  date: string;
  today: string;
}

/**
 * Records one check-in in the server's store, by the rules every door shares (the push route
 * and the web roadmap page): a known KR, a manual or push one, dated today or earlier.
 * Throws CheckInRefusedError before storing anything; a store failure is thrown as it is.
 */
export async function checkInKeyResult(
  deps: CheckInDeps,
  request: CheckInRequest,
): Promise<CheckedIn> {
  const { krId, source } = request;
  const entry = indexKeyResults(await deps.okrs()).get(krId);
  if (entry === undefined) {
    throw new CheckInRefusedError(
      'unknown-kr',
      `${krId} is not a key result in the OKR file (KEYRANK_OKRS)`,
    );
  }
  const from = entry.kr.progress.source;
  if (from !== 'push' && from !== 'manual') {
    throw new CheckInRefusedError(
      'automatic',
      `${krId} takes its value from ${from}; ${source} check-ins go to KRs with progress: { source: push } or manual ones`,
    );
  }
  const today = deps.today();
  const date = request.date ?? today;
  if (date > today) {
    throw new CheckInRefusedError(
      'future-date',
      `date ${date} is after today (${today}): a check-in records a value already measured`,
    );
  }
  const note = request.note?.trim();
  await deps.store.append(krId, {
    date,
    value: request.value,
    source,
    ...(note !== undefined && note !== '' && { note }),
    ...(request.by !== undefined && { by: request.by }),
  });
  const fresh = indexKeyResults(await deps.okrs()).get(krId) ?? entry;
  return { kr: fresh.kr, objective: fresh.objective, date, today };
}
