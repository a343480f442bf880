import { z } from 'zod';
import { RICE_FIELDS } from './rice';

/**
 * The tracker-neutral issue snapshot: what an adapter (or `backlog.json`) hands the core.
 * The array order of a backlog is its current rank.
 */

export const ISSUE_STATUSES = ['backlog', 'todo', 'in_progress', 'done'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

const riceValue = z.union([z.number(), z.string(), z.null()]).optional();

export const IssueSnapshotSchema = z.object({
  key: z.string().trim().min(1, 'must not be empty'),
  title: z.string().default(''),
  /** Plain text or Markdown, as the tracker holds it; read by the KR suggester. */
  description: z.string().nullish(),
  type: z.string().optional(),
  status: z.enum(ISSUE_STATUSES, { error: `must be one of ${ISSUE_STATUSES.join(', ')}` }),
  labels: z.array(z.string()).default([]),
  keyResults: z.array(z.string()).default([]),
  rice: z.object(Object.fromEntries(RICE_FIELDS.map((field) => [field, riceValue]))).nullish(),
  estimate: z.number().min(0, 'must be a number ≥ 0').nullish(),
  sprint: z.string().nullish(),
});

export type IssueSnapshot = z.output<typeof IssueSnapshotSchema>;
export type IssueSnapshotInput = z.input<typeof IssueSnapshotSchema>;

/** Work that has begun or ended is never iceboxed or moved. */
export function isStarted(status: IssueStatus): boolean {
  return status === 'in_progress' || status === 'done';
}
