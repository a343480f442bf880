import { BULK_BATCH_SIZE, type JiraClient } from '../api/jira-client';
import type { JiraSnapshot } from '../read/issue-snapshot';
import type { ReconcileRun } from '../store/reconcile-run-store';
import { applyWrites, type WriteCounts } from './apply-writes';
import type { WritePlan } from './write-plan';

/**
 * Folds one page's write plan into the run's pending writes. Each issue read replaces what was
 * pending for it: a repeated page (a retried or duplicate event) plans the same issues again
 * and the pending set stays the same, so nothing is written twice.
 */
export function mergePending(
  pending: ReconcileRun['pending'],
  read: readonly JiraSnapshot[],
  plan: WritePlan,
): void {
  const ids = new Set(read.map((s) => s.id));
  const keys = new Set(read.map((s) => s.snapshot.key));
  pending.scores = pending.scores.filter(([id]) => !ids.has(id));
  pending.addLabel = pending.addLabel.filter((key) => !keys.has(key));
  pending.removeLabel = pending.removeLabel.filter((key) => !keys.has(key));
  for (const [value, issueIds] of plan.scores) {
    for (const id of issueIds) {
      pending.scores.push([id, value]);
    }
  }
  pending.addLabel.push(...plan.addLabel);
  pending.removeLabel.push(...plan.removeLabel);
}

const total = (c: WriteCounts): number => c.scoreRequests + c.labelRequests + c.rankRequests;

/**
 * Sends the pending writes that fill a bulk request (1,000 issues), or all of them at the end
 * of the read, so a reconcile paged over many events costs the same requests as one that read
 * the whole backlog first. The run is saved after every request: a failure later in the event
 * never sends a written batch again.
 */
export async function flushPending(
  app: JiraClient,
  run: ReconcileRun,
  target: { scoreField: string; label: string },
  all: boolean,
  save: (run: ReconcileRun) => Promise<void>,
): Promise<void> {
  const due = (length: number): boolean => length >= BULK_BATCH_SIZE || (all && length > 0);
  const send = async (plan: WritePlan): Promise<void> => {
    const counts = await applyWrites(app, target.scoreField, plan, target.label);
    run.unreported.writes += total(counts);
  };
  const pending = run.pending;
  while (due(pending.scores.length)) {
    const scores = new Map<number | null, number[]>();
    for (const [id, value] of pending.scores.slice(0, BULK_BATCH_SIZE)) {
      const ids = scores.get(value) ?? [];
      ids.push(id);
      scores.set(value, ids);
    }
    await send({ scores, addLabel: [], removeLabel: [] });
    pending.scores = pending.scores.slice(BULK_BATCH_SIZE);
    await save(run);
  }
  for (const list of ['addLabel', 'removeLabel'] as const) {
    while (due(pending[list].length)) {
      const keys = pending[list].slice(0, BULK_BATCH_SIZE);
      await send({
        scores: new Map(),
        addLabel: list === 'addLabel' ? keys : [],
        removeLabel: list === 'removeLabel' ? keys : [],
      });
      pending[list] = pending[list].slice(BULK_BATCH_SIZE);
      await save(run);
    }
  }
}
