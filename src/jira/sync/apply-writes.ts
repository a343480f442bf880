import { BULK_BATCH_SIZE, type JiraClient } from '../api/jira-client';
import type { RankBatch } from './rerank';
import type { WritePlan } from './write-plan';

export interface WriteCounts {
  scoreRequests: number;
  labelRequests: number;
  rankRequests: number;
}

/**
 * Sends a write plan with the fewest requests: score values through the bulk app-field
 * endpoint (issues sharing a value share an update, ≤ 1,000 issues a call), labels through
 * one issue edit when a single issue changes and bulk edit otherwise, Rank in ≤ 50s.
 */
export async function applyWrites(
  app: JiraClient,
  fieldId: string,
  plan: WritePlan,
  label: string,
  rank: readonly RankBatch[] = [],
): Promise<WriteCounts> {
  const counts: WriteCounts = { scoreRequests: 0, labelRequests: 0, rankRequests: 0 };

  let updates: { customField: string; issueIds: number[]; value: unknown }[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (updates.length > 0) {
      await app.setAppFieldValues(updates);
      counts.scoreRequests++;
      updates = [];
      size = 0;
    }
  };
  for (const [value, ids] of plan.scores) {
    for (let start = 0; start < ids.length;) {
      const room = BULK_BATCH_SIZE - size;
      const slice = ids.slice(start, start + room);
      updates.push({ customField: fieldId, issueIds: slice, value });
      size += slice.length;
      start += slice.length;
      if (size >= BULK_BATCH_SIZE) {
        await flush();
      }
    }
  }
  await flush();

  for (const [keys, change] of [
    [plan.addLabel, 'ADD'],
    [plan.removeLabel, 'REMOVE'],
  ] as const) {
    if (keys.length === 1 && keys[0] !== undefined) {
      const op = change === 'ADD' ? { add: label } : { remove: label };
      await app.editIssue(keys[0], { update: { labels: [op] } });
      counts.labelRequests++;
      continue;
    }
    for (let start = 0; start < keys.length; start += BULK_BATCH_SIZE) {
      await app.bulkEditLabel(keys.slice(start, start + BULK_BATCH_SIZE), label, change);
      counts.labelRequests++;
    }
  }

  for (const batch of rank) {
    await app.rankIssues(batch.issues, batch.anchor);
    counts.rankRequests++;
  }
  return counts;
}
