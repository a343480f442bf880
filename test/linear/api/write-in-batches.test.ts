import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import type { Issue, Refusal } from '../support/local-linear';

/**
 * PRODUCT.md §5: one bad issue never stops the others. A team sync writes 50 changes per
 * request; Linear refusing one of them must cost only that one.
 */
describe('a change Linear refuses during a sync', () => {
  const RICE = ['Key Results/O1-KR1', 'Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /**
   * 60 ENG issues, each needing its score attachment (60 changes: a batch of 50, then 10),
   * and the third refused by Linear. The start-up sync writes them.
   */
  async function syncWithRefusal(how: Refusal): Promise<{ h: Harness; refused: Issue }> {
    let refused: Issue | undefined;
    h = await startHarness({
      syncEveryMs: 6 * 3_600_000,
      // Only attachments: every write request counted here belongs to them.
      rankAutomatically: false,
      before: (linear, { eng }) => {
        for (let i = 0; i < 60; i++) {
          const issue = linear.addIssue(eng, { labels: RICE, estimate: 1 + (i % 5) });
          if (i === 2) {
            refused = issue;
            linear.refuseWritesTo(issue, how);
          }
        }
      },
    });
    return { h, refused: refused as Issue };
  }

  function expectOthersWritten(h: Harness, refused: Issue): void {
    const eng = h.linear.issues.filter((i) => i.teamId === h.eng.id);
    expect(eng.filter((i) => h.linear.attachmentOf(i) === undefined)).toEqual([refused]);
    expect(h.serve.worker.syncsRun).toBe(1);
    // The team counts as synced, not failed: the refusal is logged against the one issue.
    expect(
      h.logs.filter((l) => l.message === 'team sync failed; the next sync tries again'),
    ).toEqual([]);
  }

  it('an error tied to one alias skips that issue only, for one extra request', async () => {
    const { h, refused } = await syncWithRefusal('field');
    expectOthersWritten(h, refused);
    // 50 refused at m2 (m0 and m1 ran, Linear stopped there), m3–m49 again, then the last 10.
    expect(h.linear.writeRequests().length + failedWrites(h)).toBe(3);
    const logged = h.logs.filter((l) => l.level === 'error' && l.fields.issue === 'ENG-3');
    expect(logged.map((l) => l.message)).toEqual([
      "Linear refused attachmentCreate on ENG-3: Issue is locked by an integration; the team's other changes were written",
    ]);
    expect(logged[0]?.fields.team).toBe('ENG');
  });

  it('a document refused as a whole is split in halves until the refused change stands alone', async () => {
    const { h, refused } = await syncWithRefusal('document');
    expectOthersWritten(h, refused);
    // 50 → 25 → 13 → 7 → 4 → 2 → 1, two requests a level, plus the first and the last batch:
    // far fewer than one request per change.
    expect(h.linear.writeRequests().length + failedWrites(h)).toBeLessThanOrEqual(
      1 + 2 * Math.ceil(Math.log2(50)) + 1,
    );
    expect(
      h.logs.some(
        (l) =>
          l.level === 'error' &&
          l.message.startsWith(
            'Linear refused attachmentCreate on ENG-3: Argument Validation Error',
          ),
      ),
    ).toBe(true);
  });

  it('an answer of success: false skips that issue, with no extra request', async () => {
    const { h, refused } = await syncWithRefusal('unsuccessful');
    expectOthersWritten(h, refused);
    expect(h.linear.writeRequests().length + failedWrites(h)).toBe(2);
    expect(
      h.logs.some((l) =>
        l.message.startsWith(
          'Linear refused attachmentCreate on ENG-3: Linear answered success: false',
        ),
      ),
    ).toBe(true);
  });

  it('costs no extra request when Linear accepts everything', async () => {
    h = await startHarness({
      syncEveryMs: 6 * 3_600_000,
      rankAutomatically: false,
      before: (linear, { eng }) => {
        for (let i = 0; i < 60; i++) {
          linear.addIssue(eng, { labels: RICE, estimate: 1 });
        }
      },
    });
    expect(h.linear.writeRequests()).toHaveLength(2);
    expect(failedWrites(h)).toBe(0);
  });
});

/** Write requests Linear answered with an error (the recorded status is not 200). */
function failedWrites(h: Harness): number {
  return h.linear.requests.filter((r) => r.kind === 'write' && r.status !== 200).length;
}
