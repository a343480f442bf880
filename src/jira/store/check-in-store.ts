import { z } from 'zod';
import { CHECK_IN_SOURCES, CheckInSchema, compactCheckIn, type CheckIn } from '../../core/index';
import type { KeyValueStore } from './key-value-store';

/**
 * Check-ins made in Jira (people on the admin and roadmap pages, push webtriggers, automatic
 * sources on the reconcile), kept apart from the OKR file so that re-importing or editing the
 * OKRs never loses history. One kvs key per KR, its whole history, oldest first.
 */

/** Beyond this, the oldest check-ins are dropped: a daily value for over five years. */
export const MAX_CHECK_INS_PER_KR = 2000;

const keyOf = (krId: string): string => `check-ins:${krId}`;

const StoredCheckInsSchema = z.array(CheckInSchema.extend({ source: z.enum(CHECK_IN_SOURCES) }));

/** A KR's stored check-ins, oldest first; [] when none (or unreadable, which is reported). */
export async function loadKrCheckIns(
  store: KeyValueStore,
  krId: string,
): Promise<{ checkIns: CheckIn[]; problem: string | null }> {
  const raw = await store.get(keyOf(krId));
  if (raw === undefined) {
    return { checkIns: [], problem: null };
  }
  const parsed = StoredCheckInsSchema.safeParse(raw);
  return parsed.success
    ? { checkIns: parsed.data.map(compactCheckIn), problem: null }
    : {
        checkIns: [],
        problem: `the stored check-ins of ${krId} are unreadable — new check-ins start a fresh history`,
      };
}

/** Every listed KR's stored check-ins, read in parallel. */
export async function loadCheckIns(
  store: KeyValueStore,
  krIds: readonly string[],
): Promise<{ byKr: Map<string, CheckIn[]>; problems: string[] }> {
  const loaded = await Promise.all(krIds.map((id) => loadKrCheckIns(store, id)));
  const byKr = new Map<string, CheckIn[]>();
  const problems: string[] = [];
  loaded.forEach(({ checkIns, problem }, i) => {
    if (checkIns.length > 0) {
      byKr.set(krIds[i] as string, checkIns);
    }
    if (problem !== null) {
      problems.push(problem);
    }
  });
  return { byKr, problems };
}

/** Adds one check-in to a KR's history, in date order (a later one of the same day counts). */
export async function appendCheckIn(
  store: KeyValueStore,
  krId: string,
  checkIn: CheckIn & { source: CheckIn['source'] & string },
): Promise<CheckIn[]> {
  const { checkIns } = await loadKrCheckIns(store, krId);
  let at = checkIns.length;
  while (at > 0 && (checkIns[at - 1] as CheckIn).date > checkIn.date) {
    at--;
  }
  const next = [...checkIns.slice(0, at), compactCheckIn(checkIn), ...checkIns.slice(at)].slice(
    -MAX_CHECK_INS_PER_KR,
  );
  await store.set(keyOf(krId), next);
  return next;
}
