import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RerankMarks } from '../../../src/linear/store/rerank-marks';
import { withDatabase } from '../store/databases';
import { startHarness, type Harness } from '../support/harness';

const RICE = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];

/**
 * A re-rank (started by a debounce timer) and a sync (started by the worker loop) both write
 * `sortOrder`. Run at once, each would place issues from a read the other is changing under
 * it: both would write the same moves, or worse, undo each other's.
 */
describe('a re-rank and a sync of the same team', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      syncEveryMs: 6 * 3_600_000,
      // The re-rank a previous run left marked fires at once, while the start-up sync runs.
      rerankDelayMs: 0,
      before: async (linear, { eng }, dbPath) => {
        for (let i = 0; i < 5; i++) {
          // Iceboxed issues first, then work serving a key result: the order must change.
          linear.addIssue(eng, { labels: RICE, estimate: 1 });
        }
        for (let i = 0; i < 5; i++) {
          linear.addIssue(eng, { labels: ['Key Results/O1-KR1', ...RICE], estimate: 1 + i });
        }
        await withDatabase(dbPath, async (db) => (await RerankMarks.open(db)).mark(eng.id, 0));
      },
    });
    await h.serve.worker.settle();
  });
  afterAll(async () => {
    await h.close();
  });

  it('run one after the other: no issue has its sortOrder written twice', () => {
    expect(h.serve.worker.reranksRun).toBeGreaterThanOrEqual(1);
    const sortOrderWrites = h.linear.writeRequests().flatMap((r) =>
      Object.entries(r.variables)
        .filter(([name, value]) => name.endsWith('_input') && hasSortOrder(value))
        .map(([name]) => r.variables[name.replace(/_input$/, '_id')]),
    );
    expect(sortOrderWrites.length).toBeGreaterThan(0);
    expect(new Set(sortOrderWrites).size).toBe(sortOrderWrites.length);
    // And the order is the one the core wants: key-result work first.
    const order = h.linear.order(h.eng).map((key) => h.linear.issue(key));
    expect(order.slice(0, 5).every((i) => h.linear.labelNames(i).includes('O1-KR1'))).toBe(true);
  });
});

function hasSortOrder(value: unknown): boolean {
  return typeof (value as { sortOrder?: unknown } | null)?.sortOrder === 'number';
}
