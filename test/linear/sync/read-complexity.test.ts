import { LinearClient } from '@linear/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinearApi } from '../../../src/linear/api/linear-api';
import { READ_COMPLEXITY_BUDGET } from '../../../src/linear/api/query-complexity';
import { silentLogger } from '../../../src/linear/logger';
import { ATTACHMENTS_PER_ISSUE, LABELS_PER_ISSUE } from '../../../src/linear/read/linear-issue';
import { BACKLOG_PAGE, findTeam } from '../../../src/linear/read/team-backlog';
import { scoreLinks } from '../../../src/linear/server/score-links';
import { recordProgress } from '../../../src/linear/sync/record-progress';
import { startHarness, type Harness } from '../support/harness';
import { addLivingLabels, livingOkrs } from '../support/living-okrs';
import { API_KEY, LIMITS, type Issue, type LocalLinear } from '../support/local-linear';
import { postWebhook, SECRET } from '../support/webhooks';
import { AS_OF, PUBLIC_URL } from '../support/workspace';

const RICE = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];
const HOUR = 3_600_000;
/** More plain labels than one issue's bounded read takes, ahead of Keyrank's own. */
const TAGS = Array.from({ length: LABELS_PER_ISSUE + 1 }, (_, i) => `tag-${i + 1}`);

const operation = (query: string): string => /^\s*query\s+(\w+)/.exec(query)?.[1] ?? '(anonymous)';

/**
 * Every read Keyrank sends — the periodic sync (key-result progress, labels, teams, backlog
 * pages), an event's issue read, a re-rank, `keyrank linear sync`'s team lookup — costs at most
 * half of Linear's 10,000-point limit per query, as the local Linear charges it by Linear's
 * documented rule; and an issue with more labels or links than a page reads per issue is still
 * read in full.
 */
describe("Keyrank's reads within Linear's per-query complexity limit", { timeout: 60_000 }, () => {
  let h: Harness;
  let wide: Issue;
  let twin: Issue;
  let manyLinks: Issue;
  const oldLinks = ATTACHMENTS_PER_ISSUE + 2;

  beforeAll(async () => {
    h = await startHarness({
      okrs: livingOkrs(),
      syncEveryMs: 6 * HOUR,
      rerankDelayMs: 20,
      before: (linear, { eng }) => {
        addLivingLabels(linear);
        TAGS.forEach((name) => linear.addLabel({ name }));
        // A backlog of several full pages.
        for (let i = 0; i < 300; i++) {
          const kr = i % 3 === 0 ? [] : [`Key Results/O${1 + (i % 2)}-KR1`];
          linear.addIssue(eng, { labels: [...kr, ...RICE], estimate: 1 + (i % 8) });
        }
        // Its key result and RICE labels come after more labels than the bounded read takes.
        wide = linear.addIssue(eng, {
          labels: [...TAGS, ...RICE, 'Key Results/O1-KR1'],
          estimate: 3,
        });
        twin = linear.addIssue(eng, { labels: ['Key Results/O1-KR1', ...RICE], estimate: 3 });
        // Linked-done (O1-KR2): 2 of 4 done, one of the done ones only past the bound.
        linear.addIssue(eng, { labels: [...TAGS, 'Key Results/O1-KR2'], stateType: 'completed' });
        linear.addIssue(eng, { labels: ['Key Results/O1-KR2'], stateType: 'completed' });
        linear.addIssue(eng, { labels: ['Key Results/O1-KR2'], stateType: 'started' });
        linear.addIssue(eng, { labels: ['Key Results/O1-KR2'], stateType: 'started' });
        // More of Keyrank's old links (signed with secrets since rotated) than a page reads.
        manyLinks = linear.addIssue(eng, { labels: ['Key Results/O1-KR1', ...RICE], estimate: 2 });
        for (let i = 0; i < oldLinks; i++) {
          const rotated = scoreLinks(PUBLIC_URL, `lin_wh_rotated_secret_${i}`);
          linear.addAttachment(manyLinks, rotated.url(manyLinks.identifier));
        }
      },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('the sync scores an issue whose labels did not fit in its page from every label', () => {
    // Read from the first 15 labels only, it would have no key result and no RICE: Icebox.
    expect(h.linear.labelNames(wide)).not.toContain('icebox');
    expect(h.linear.attachmentOf(wide)?.title).toBe(h.linear.attachmentOf(twin)?.title);
    expect(h.linear.attachmentOf(wide)?.subtitle).toBe(h.linear.attachmentOf(twin)?.subtitle);
    const followUps = h.linear.requests.filter((r) => operation(r.query) === 'KeyrankIssueLabels');
    // Only the two issues past the bound are read again: the wide one and the linked-done one.
    expect(new Set(followUps.map((r) => r.variables.id))).toEqual(
      new Set([wide.id, h.linear.issues.find((i) => i.labelIds.length === TAGS.length + 1)?.id]),
    );
  });

  it('the sync deletes every old link of an issue, past the ones a page reads', () => {
    const links = h.linear.attachmentsOf(manyLinks);
    expect(links.map((a) => a.url)).toEqual([
      scoreLinks(PUBLIC_URL, SECRET).url(manyLinks.identifier),
    ]);
    expect(links[0]?.title).toMatch(/^Keyrank score /);
  });

  it('linked-done progress counts a done issue whose key result label is past the bound', async () => {
    const api = new LinearApi({
      client: new LinearClient({ apiKey: API_KEY, apiUrl: h.linear.url }),
      now: () => Date.now(),
    });
    const { okrs, settings } = livingOkrs();
    const result = await recordProgress(
      { api, okrs, settings, store: null, log: silentLogger },
      AS_OF,
    );
    const value = result.recorded.find((r) => r.krId === 'O1-KR2')?.checkIn.value;
    expect(value).toBe(50); // 2 of 4; without the follow-up read, 1 of 3
  });

  it("an event on an issue new to Keyrank reads it in full, with a label new to Keyrank's catalogue", async () => {
    h.linear.addLabel({ name: 'late-label' });
    const fresh = h.linear.addIssue(h.eng, {
      labels: ['late-label', ...TAGS, ...RICE, 'Key Results/O2-KR1'],
      estimate: 1,
    });
    expect((await postWebhook(h.baseUrl, h.linear.webhook(fresh, 'create'))).status).toBe(200);
    await h.serve.worker.settle();
    expect(h.linear.labelNames(fresh)).not.toContain('icebox');
    expect(h.linear.attachmentOf(fresh)?.title).toMatch(/^Keyrank score /);
  });

  it('a re-rank after it reads the backlog in pages sized to the budget', () => {
    // The create above changed the order: the re-rank's pages carry no attachments.
    const rerankPages = h.linear.requests.filter(
      (r) => operation(r.query) === 'KeyrankBacklog' && r.variables.withAttachments === false,
    );
    expect(rerankPages.length).toBeGreaterThan(0);
    // Without attachments an issue costs less, so a re-rank's pages hold more than a sync's.
    expect(rerankPages.map((r) => r.variables.first)).toContain(BACKLOG_PAGE.withoutAttachments);
    expect(BACKLOG_PAGE.withoutAttachments).toBeGreaterThan(BACKLOG_PAGE.withAttachments);
  });

  it('keyrank linear sync finds its team', async () => {
    const api = new LinearApi({
      client: new LinearClient({ apiKey: API_KEY, apiUrl: h.linear.url }),
      now: () => Date.now(),
    });
    expect((await findTeam(api, 'eng')).id).toBe(h.eng.id);
  });

  it('every read above cost at most 5,000 points, and Linear refused none', () => {
    const reads = h.linear.requests.filter((r) => r.kind === 'read');
    const costliest = new Map<string, number>();
    for (const read of reads) {
      const name = operation(read.query);
      costliest.set(name, Math.max(costliest.get(name) ?? 0, read.complexity));
    }
    // Every read document Keyrank has, so a new one cannot slip past this test unmeasured.
    expect([...costliest.keys()].sort()).toEqual([
      'KeyrankBacklog',
      'KeyrankIssue',
      'KeyrankIssueAttachments',
      'KeyrankIssueLabels',
      'KeyrankKrQuery',
      'KeyrankLabels',
      'KeyrankLinkedDone',
      'KeyrankTeam',
      'KeyrankTeams',
    ]);
    expect(Math.max(...costliest.values())).toBeLessThanOrEqual(READ_COMPLEXITY_BUDGET);
    // The pages are sized up to the budget, not far below it: a full page costs near 5,000.
    expect(costliest.get('KeyrankBacklog')).toBeGreaterThan(READ_COMPLEXITY_BUDGET * 0.9);
    expect(reads.every((r) => r.status === 200)).toBe(true);
    expect(READ_COMPLEXITY_BUDGET).toBe(LIMITS.complexityPerQuery / 2);
    printCosts(h.linear, costliest);
  });
});

/** The measured figures, for docs/linear.md §4 (printed, not asserted). */
function printCosts(linear: LocalLinear, costliest: Map<string, number>): void {
  if (process.env.KEYRANK_PRINT_COSTS !== undefined) {
    console.log(
      [...costliest].map(([name, points]) => `${name} ${points}`).join('\n'),
      `\nreads ${linear.reads}`,
    );
  }
}
