import { z } from 'zod';
import { automaticCheckIn, type CheckIn } from './check-in';
import { effortOf } from './capacity';
import type { Day } from './day';
import type { IssueSnapshot } from './issue';
import type { KeyResult, Okrs } from './okrs';
import { riceEffort } from './rice';

/**
 * Where a key result's value comes from (`progress:` on a KR). `manual` is people checking in;
 * the others are read by Keyrank and recorded as check-ins when their value changes.
 */
export const PROGRESS_SOURCES = ['manual', 'linked-done', 'query', 'push'] as const;

const MEASURE_PATTERN = /^(count|sum:[A-Za-z0-9_.-]+)$/;
const measure = z
  .string()
  .regex(MEASURE_PATTERN, 'must be "count" or "sum:<numeric field>" (such as sum:estimate)')
  .default('count');

export const LinearQuerySchema = z.strictObject({
  team: z.string().trim().min(1, 'must be a Linear team key (such as ENG)'),
  labels: z.array(z.string().trim().min(1, 'must be a label name')).optional(),
  state: z
    .enum(['backlog', 'unstarted', 'started', 'completed', 'canceled'], {
      error: 'must be one of backlog, unstarted, started, completed, canceled',
    })
    .optional(),
});

export const ProgressSourceSchema = z.discriminatedUnion(
  'source',
  [
    z.strictObject({ source: z.literal('manual') }),
    z.strictObject({
      source: z.literal('linked-done'),
      by: z.enum(['count', 'effort'], { error: 'must be count or effort' }).default('count'),
    }),
    z
      .strictObject({
        source: z.literal('query'),
        jql: z
          .string()
          .trim()
          .min(1, 'must be a JQL query')
          .max(2000, 'must be at most 2,000 characters')
          .optional(),
        linear: LinearQuerySchema.optional(),
        measure,
      })
      .refine((q) => q.jql !== undefined || q.linear !== undefined, {
        message: 'a query source needs jql (Jira) or linear (Linear) — or both',
        path: ['jql'],
      }),
    z.strictObject({ source: z.literal('push') }),
  ],
  { error: `must say source: ${PROGRESS_SOURCES.join(' | ')}` },
);

export type ProgressSource = z.output<typeof ProgressSourceSchema>;
export type ProgressSourceInput = z.input<typeof ProgressSourceSchema>;
export type QuerySource = Extract<ProgressSource, { source: 'query' }>;

export const MANUAL: ProgressSource = { source: 'manual' };

/** The numeric field a `sum:<field>` measure adds up, or null for `count`. */
export function measureField(measureText: string): string | null {
  return measureText.startsWith('sum:') ? measureText.slice(4) : null;
}

/**
 * A `linked-done` KR's value: the share of its linked issues that are done (by count or by
 * effort), mapped onto baseline → target. Null when nothing links the KR: no work is no
 * evidence, so the KR keeps its last value.
 */
export function linkedDoneValue(
  kr: Pick<KeyResult, 'id' | 'baseline' | 'target'>,
  by: 'count' | 'effort',
  issues: readonly IssueSnapshot[],
): number | null {
  let total = 0;
  let done = 0;
  for (const issue of issues) {
    if (!issue.keyResults.includes(kr.id)) {
      continue;
    }
    const weight = by === 'count' ? 1 : effortOf(issue.estimate, riceEffort(issue.rice));
    total += weight;
    if (issue.status === 'done') {
      done += weight;
    }
  }
  if (total === 0 || !Number.isFinite(total)) {
    return null;
  }
  return roundValue(kr.baseline + (done / total) * (kr.target - kr.baseline));
}

/** Four decimals: enough for any KR, and a re-count of the same work gives the same value. */
function roundValue(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

/**
 * The check-ins every `linked-done` KR gains from these issues on `asOf` — one per KR whose
 * value changed. The issues must be all the work linked to those KRs, done included.
 */
export function linkedDoneCheckIns(
  okrs: Okrs,
  issues: readonly IssueSnapshot[],
  asOf: Day,
): Map<string, CheckIn[]> {
  const added = new Map<string, CheckIn[]>();
  for (const objective of okrs.objectives) {
    for (const kr of objective.keyResults) {
      if (kr.progress.source !== 'linked-done') {
        continue;
      }
      const value = linkedDoneValue(kr, kr.progress.by, issues);
      const checkIn = value === null ? null : automaticCheckIn(kr, value, asOf, 'linked-done');
      if (checkIn !== null) {
        added.set(kr.id, [checkIn]);
      }
    }
  }
  return added;
}
