import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import type { Issue, LocalLinear, Team } from '../support/local-linear';
import { postWebhook } from '../support/webhooks';

const RICE_LABELS = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];
const HOUR = 3_600_000;

/** Work already linked to key results: what the suggester learns each key result's work from. */
function seedLinkedWork(linear: LocalLinear, team: Team): void {
  linear.addIssue(team, {
    title: 'Template gallery for new workspaces',
    description: 'Starter templates in a gallery, so a new workspace has a board on day one.',
    labels: ['Key Results/O2-KR1', ...RICE_LABELS],
    estimate: 3,
  });
  linear.addIssue(team, {
    title: 'Onboarding checklist with starter templates',
    description: 'A checklist that walks a new workspace through its first templates.',
    labels: ['Key Results/O2-KR1', ...RICE_LABELS],
    estimate: 2,
  });
  linear.addIssue(team, {
    title: 'NPS survey after a support ticket closes',
    description: 'Ask agencies for a score once their ticket is solved.',
    labels: ['Key Results/O1-KR1', ...RICE_LABELS],
    estimate: 2,
  });
}

/**
 * KR suggestions on Linear attachments, end to end against the local Linear with the real
 * LinearClient: the sync writes them, single events reuse the team's suggester without reading
 * the team again, and nothing is rewritten when nothing changed.
 */
describe('KR suggestions on iceboxed issues', () => {
  let clock = Date.now();
  let h: Harness;
  let fits: Issue;
  let fitsNothing: Issue;
  beforeAll(async () => {
    h = await startHarness({
      syncEveryMs: 6 * HOUR,
      now: () => clock,
      rankAutomatically: false,
      before: (linear, { eng }) => {
        seedLinkedWork(linear, eng);
        // Its title says nothing: the words that fit come from the description alone.
        fits = linear.addIssue(eng, {
          title: 'Asked for on the agency call',
          description: 'Agencies ask for event and launch templates in the template gallery.',
          labels: RICE_LABELS,
        });
        fitsNothing = linear.addIssue(eng, {
          title: 'Upgrade the database driver',
          description: 'The driver is two majors behind; pin it and rerun the migrations.',
          labels: RICE_LABELS,
        });
      },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  let reads = 0;
  let writes = 0;
  beforeEach(() => {
    reads = h.linear.reads;
    writes = h.linear.writes;
  });
  const spent = () => ({ reads: h.linear.reads - reads, writes: h.linear.writes - writes });
  async function deliver(issue: Issue, action: 'create' | 'update' = 'update') {
    const answer = await postWebhook(h.baseUrl, h.linear.webhook(issue, action));
    expect(answer.status).toBe(200);
    await h.serve.worker.settle();
  }

  it('the start-up sync names the top suggestion and its reason on an iceboxed issue that fits a KR', () => {
    expect(h.linear.labelNames(fits)).toContain('icebox');
    const attachment = h.linear.attachmentOf(fits);
    expect(attachment?.title).toBe('Keyrank: Icebox');
    expect(attachment?.subtitle).toMatch(
      /^Icebox: .* · suggested: O2-KR1 \(0\.\d\d\) — shares: .*templat.* · like ENG-1/,
    );
    const suggestion = attachment?.metadata.suggestion as {
      kr: string;
      score: number;
      reason: string;
    };
    expect(suggestion.kr).toBe('O2-KR1');
    expect(attachment?.subtitle).toContain(suggestion.reason);
    // Rounded to 2 decimals, as the subtitle shows it: a drift below that rewrites nothing.
    expect(suggestion.score).toBe(Math.round(suggestion.score * 100) / 100);
    expect(attachment?.subtitle).toContain(`(${suggestion.score.toFixed(2)})`);
  });

  it('names nothing on an iceboxed issue that fits no KR', () => {
    expect(h.linear.labelNames(fitsNothing)).toContain('icebox');
    const attachment = h.linear.attachmentOf(fitsNothing);
    expect(attachment?.title).toBe('Keyrank: Icebox');
    expect(attachment?.subtitle).not.toContain('suggested');
    expect(attachment?.metadata).not.toHaveProperty('suggestion');
  });

  it('a second sync with nothing changed writes nothing', async () => {
    const syncs = h.serve.worker.syncsRun;
    clock += 6 * HOUR;
    await h.serve.worker.settle();
    expect(h.serve.worker.syncsRun).toBe(syncs + 1);
    expect(spent().writes).toBe(0);
  });

  it("an event decides from the team's suggester: no read at all, the same suggestion", async () => {
    const before = h.linear.attachmentOf(fits);
    h.linear.edit(fits, (i) => {
      i.title = `${i.title}.`;
    });
    await deliver(fits);
    // The sync learnt the issue and wrote this suggestion: the payload decides, nothing to write.
    expect(spent()).toEqual({ reads: 0, writes: 0 });
    expect(h.linear.attachmentOf(fits)).toEqual(before);
  });

  it('a new iceboxed issue gets its suggestion from the event alone: one read, one write', async () => {
    const issue = h.linear.addIssue(h.eng, {
      title: 'Follow-up from the agency call',
      description: 'They want a gallery of starter templates.',
      labels: RICE_LABELS,
    });
    await deliver(issue, 'create');
    expect(spent()).toEqual({ reads: 1, writes: 1 });
    expect(h.linear.labelNames(issue)).toContain('icebox');
    expect(h.linear.attachmentOf(issue)?.subtitle).toMatch(/ · suggested: O2-KR1 \(0\.\d\d\) — /);

    // Linear's webhook for that write finds nothing to change, without a read.
    reads = h.linear.reads;
    writes = h.linear.writes;
    await deliver(issue);
    expect(spent()).toEqual({ reads: 0, writes: 0 });
  });

  it('an issue unlinked since the team was read is never suggested "like" itself', async () => {
    const linked = h.linear.issue('ENG-1');
    h.linear.edit(linked, (i) => {
      i.labelIds = RICE_LABELS.map((path) => h.linear.label(path).id);
    });
    await deliver(linked);
    expect(spent()).toEqual({ reads: 0, writes: 1 });
    expect(h.linear.labelNames(linked)).toContain('icebox');
    const subtitle = h.linear.attachmentOf(linked)?.subtitle ?? '';
    expect(subtitle).toMatch(/ · suggested: O2-KR1 \(0\.\d\d\) — .* · like ENG-2$/);
    expect(subtitle).not.toMatch(/like .*ENG-1\b/);
  });

  it('a team not read since start-up gets suggestions at its next sync, not from an event', async () => {
    const team = h.linear.addTeam('WEB', 'Web');
    seedLinkedWork(h.linear, team);
    const issue = h.linear.addIssue(team, {
      title: 'More templates in the gallery',
      labels: RICE_LABELS,
    });
    await deliver(issue, 'create');
    expect(h.linear.labelNames(issue)).toContain('icebox');
    expect(h.linear.attachmentOf(issue)?.subtitle).not.toContain('suggested');

    clock += 6 * HOUR;
    await h.serve.worker.settle();
    expect(h.linear.attachmentOf(issue)?.subtitle).toMatch(/ · suggested: O2-KR1 \(0\.\d\d\) — /);
  });
});

describe("a re-rank's backlog read also keeps the team's suggester", () => {
  let h: Harness;
  beforeAll(async () => {
    // No periodic sync: the only team read is the re-rank an event starts.
    h = await startHarness({ rankAutomatically: true });
    seedLinkedWork(h.linear, h.eng);
  });
  afterAll(async () => {
    await h.close();
  });

  it('an event before any team read has no suggestion; after the re-rank, one has', async () => {
    const first = h.linear.addIssue(h.eng, {
      title: 'Follow-up from the agency call',
      description: 'They want a gallery of starter templates.',
      labels: RICE_LABELS,
    });
    expect((await postWebhook(h.baseUrl, h.linear.webhook(first, 'create'))).status).toBe(200);
    await h.serve.worker.settle();
    expect(h.serve.worker.reranksRun).toBe(1);
    expect(h.linear.attachmentOf(first)?.subtitle).not.toContain('suggested');

    const reads = h.linear.reads;
    h.linear.edit(first, (i) => {
      i.title = 'Follow-up from the agency call (templates)';
    });
    expect((await postWebhook(h.baseUrl, h.linear.webhook(first))).status).toBe(200);
    await h.serve.worker.settle();
    expect(h.linear.attachmentOf(first)?.subtitle).toMatch(/ · suggested: O2-KR1 \(0\.\d\d\) — /);
    // Decided from the payload, and no re-rank (the score did not change): no read at all.
    expect(h.linear.reads - reads).toBe(0);
  });
});
