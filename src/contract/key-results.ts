/**
 * Living key results as every page shows them (PRODUCT.md §7): where a KR stands, its
 * check-ins, and the payload of a check-in. Shared by the Jira roadmap and admin pages (and
 * the Linear web page).
 */
import { z } from 'zod';
import { isDay } from '../core/day';

export type HealthView = 'on-track' | 'at-risk' | 'behind';

export interface CheckInView {
  date: string;
  value: number;
  note: string | null;
  /** Who checked in (display name or email); null for automatic values. */
  by: string | null;
  source: 'manual' | 'linked-done' | 'query' | 'push' | 'file';
}

/** Where one key result stands on the page's as-of day. */
export interface KrLiveView {
  krId: string;
  current: number;
  /** 0..1, from baseline to target. */
  progress: number;
  /** 0..1, the straight line from period start to deadline, today. */
  expected: number;
  health: HealthView;
  stale: boolean;
  /** The KR's owner, else its objective's; null when nobody is named. */
  owner: string | null;
  /** 'manual' | 'linked-done' | 'query' | 'push'. */
  progressSource: string;
  lastCheckIn: { date: string; value: number } | null;
  /** On or before the as-of day, oldest first. */
  checkIns: CheckInView[];
}

/** A person's check-in. `date` defaults to today; a future date is refused. */
export const CheckInPayloadSchema = z.object({
  krId: z.string().trim().min(1, 'names no key result').max(100),
  // zod's number is finite: "", null and Infinity are refused, never turned into numbers.
  value: z.number({ error: 'must be a number' }),
  date: z.string().refine(isDay, { error: 'must be a real date written YYYY-MM-DD' }).optional(),
  note: z.string().max(500, 'must be at most 500 characters').optional(),
});
export type CheckInPayload = z.infer<typeof CheckInPayloadSchema>;
