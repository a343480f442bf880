import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RerankMarks } from '../../../src/linear/store/rerank-marks';
import { withDatabase } from '../store/databases';
import { startHarness, type Harness } from '../support/harness';
import type { Issue } from '../support/local-linear';
import { postWebhook } from '../support/webhooks';

const RICE = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];

/** Backlog order through sortOrder: fewest moves, values between neighbours, one team at a time. */
describe('re-ranking a team backlog', () => {
  let h: Harness;
  let eng: Record<string, Issue>;
  let ops: Issue[];
  beforeAll(async () => {
    h = await startHarness({ rerankDelayMs: 300 });
    const add = (
      name: string,
      sortOrder: number,
      fields: Parameters<Harness['linear']['addIssue']>[1],
    ) => [name, h.linear.addIssue(h.eng, { title: name, sortOrder, ...fields })] as const;
    eng = Object.fromEntries([
      add('A', 100, { labels: RICE, estimate: 4 }), // no key result: Icebox, goes last
      add('B', 200, { labels: ['Key Results/O1-KR1', ...RICE], estimate: 4 }), // 400
      add('C', 300, { labels: RICE, stateType: 'started' }), // started: stays put
      add('D', 400, { labels: ['Key Results/O2-KR1', ...RICE], estimate: 2 }), // 1600
      add('E', 500, { labels: ['bau'] }), // business as usual: stays put
      add('F', 600, { labels: ['Key Results/O1-KR1', ...RICE], estimate: 8 }), // 200
    ]);
    // Another team's issues, misordered and interleaved with ENG's numbers.
    ops = [
      h.linear.addIssue(h.ops, { sortOrder: 150, labels: RICE, estimate: 1 }),
      h.linear.addIssue(h.ops, {
        sortOrder: 250,
        labels: ['Key Results/O1-KR1', ...RICE],
        estimate: 1,
      }),
    ];
  });
  afterAll(async () => {
    await h.close();
  });

  const sortOrderWrites = () =>
    h.linear
      .writeRequests()
      .filter((r) => r.fields.includes('issueUpdate'))
      .flatMap((r) =>
        Object.entries(r.variables)
          .filter(([name]) => name.endsWith('_id'))
          .map(([, id]) => id),
      );

  it('a burst of events gives one re-rank that moves only the misplaced issues', async () => {
    const reranksBefore = h.serve.worker.reranksRun;
    for (const issue of Object.values(eng)) {
      expect((await postWebhook(h.baseUrl, h.linear.webhook(issue, 'create'))).status).toBe(200);
    }
    await h.serve.worker.settle();
    expect(h.serve.worker.reranksRun - reranksBefore).toBe(1);

    expect(h.linear.order(h.eng).map((key) => h.linear.issue(key).title)).toEqual([
      'D',
      'B',
      'C',
      'F',
      'E',
      'A',
    ]);
    // Fewest moves: B, C and E keep their numbers; D, F and A get new ones, in one request.
    const written = sortOrderWrites();
    expect(written.sort()).toEqual([eng.A?.id, eng.D?.id, eng.F?.id].sort());
    expect(h.linear.writeRequests().filter((r) => r.fields.includes('issueUpdate'))).toHaveLength(
      1,
    );
    expect([eng.B?.sortOrder, eng.C?.sortOrder, eng.E?.sortOrder]).toEqual([200, 300, 500]);
    // New values sit strictly between the neighbours they land beside.
    expect(eng.D?.sortOrder).toBeLessThan(200);
    expect(eng.F?.sortOrder).toBeGreaterThan(300);
    expect(eng.F?.sortOrder).toBeLessThan(500);
    expect(eng.A?.sortOrder).toBeGreaterThan(500);
  });

  it("never touches another team's issues", () => {
    expect(ops.map((i) => i.sortOrder)).toEqual([150, 250]);
    expect(sortOrderWrites()).not.toContain(ops[0]?.id);
    expect(sortOrderWrites()).not.toContain(ops[1]?.id);
    expect(h.linear.order(h.ops)).toEqual(ops.map((i) => i.identifier));
  });

  it('the echoes of its own moves neither re-rank nor write', async () => {
    const reranksBefore = h.serve.worker.reranksRun;
    const writesBefore = h.linear.writes;
    for (const issue of [eng.D, eng.F, eng.A] as Issue[]) {
      await postWebhook(h.baseUrl, h.linear.webhook(issue, 'update', { sortOrder: 1 }));
    }
    await h.serve.worker.settle();
    expect(h.serve.worker.reranksRun).toBe(reranksBefore);
    expect(h.linear.writes).toBe(writesBefore);
  });

  it('puts back an issue a person dragged out of order, writing one issue', async () => {
    const b = eng.B as Issue;
    const old = b.sortOrder;
    // Dragged below F, still above the BAU issue E.
    h.linear.edit(b, (i) => {
      i.sortOrder = ((eng.F?.sortOrder ?? 0) + (eng.E?.sortOrder ?? 0)) / 2;
    });
    expect(h.linear.order(h.eng).map((key) => h.linear.issue(key).title)).toEqual([
      'D',
      'C',
      'F',
      'B',
      'E',
      'A',
    ]);
    const before = sortOrderWrites().length;
    await postWebhook(h.baseUrl, h.linear.webhook(b, 'update', { sortOrder: old }));
    await h.serve.worker.settle();
    // Started and BAU issues keep their positions (C is now second), so B goes back above F.
    expect(
      h.linear
        .order(h.eng)
        .map((key) => h.linear.issue(key).title)
        .join(' '),
    ).toBe('D C B F E A');
    // One move mends it (B above F, or F below B: the core picks); one issue written.
    expect(sortOrderWrites().slice(before)).toHaveLength(1);
  });
});

describe('a re-rank due when the server stopped', () => {
  it('runs on the next start, without waiting for another event', async () => {
    const h = await startHarness({
      before: async (linear, { eng }, dbPath) => {
        linear.addIssue(eng, {
          title: 'low',
          labels: ['Key Results/O1-KR1', ...RICE],
          estimate: 8,
          sortOrder: 1,
        });
        linear.addIssue(eng, {
          title: 'high',
          labels: ['Key Results/O1-KR1', ...RICE],
          estimate: 1,
          sortOrder: 2,
        });
        // What the previous run left: the team marked, its re-rank not yet done.
        await withDatabase(dbPath, async (db) =>
          (await RerankMarks.open(db)).mark(eng.id, Date.now()),
        );
      },
    });
    try {
      await h.serve.worker.settle();
      expect(h.linear.order(h.eng).map((key) => h.linear.issue(key).title)).toEqual([
        'high',
        'low',
      ]);
      expect(await h.serve.reranks.teams()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
