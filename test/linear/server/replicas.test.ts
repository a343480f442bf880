import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { decideIssue } from '../../../src/core/index';
import {
  CONFIDENCE_GROUP,
  CONFIDENCE_LABELS,
  IMPACT_GROUP,
  IMPACT_LABELS,
  KEY_RESULTS_GROUP,
  REACH_GROUP,
  REACH_LABELS,
} from '../../../src/linear/read/label-conventions';
import { toSnapshot } from '../../../src/linear/read/snapshot';
import { scoreLinks } from '../../../src/linear/server/score-links';
import { attachmentFor } from '../../../src/linear/sync/attachment';
import { freshDatabase } from '../../support/fresh-database';
import { LocalLinear, type Issue, type RecordedRequest } from '../support/local-linear';
import { serveEnv, startServeProcess, type ServeProcess } from '../support/serve-process';
import { postWebhook, SECRET } from '../support/webhooks';
import { fixtureOkrs, PUBLIC_URL, seedWorkspace } from '../support/workspace';

/**
 * Three `keyrank serve` replicas on one PostgreSQL database take 600 webhook events round-robin;
 * two are SIGKILLed a third of the way in and restarted on new ports while the burst goes on.
 * Linear re-sends whatever was refused or cut off. In the end every delivery is in the inbox once
 * and closed, no write reached Linear twice, and each issue shows the score its last event means.
 */

const ISSUES = 100;
const EVENTS_PER_ISSUE = 6;
const EVENTS = ISSUES * EVENTS_PER_ISSUE;
const KILL_AFTER = 200;
/** Concurrent senders, each pausing between events: the burst lasts long enough to span the restart. */
const SENDERS = 4;
const PAUSE_MS = 25;
const MAX_ATTEMPTS = 30;

/** The fixture's KRs and sets of them: every issue always serves one, so none goes to the Icebox. */
const KR_SETS = [['O1-KR1'], ['O1-KR2'], ['O2-KR1'], ['O1-KR2', 'O2-KR1']];
const ESTIMATES = [1, 2, 3, 5, 8];

/** A fixed-seed generator: a failing run replays the same burst. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    // The high bits: an LCG's low bits repeat with a short period.
    return Math.floor((state / 2_147_483_648) * n);
  };
}

interface PendingEvent {
  delivery: string;
  issue: Issue;
  /** Built when the edit is made; Linear re-signs each attempt with a fresh timestamp. */
  payload: ReturnType<LocalLinear['webhook']> | undefined;
  attempts: number;
}

interface Replica {
  serve: ServeProcess;
  live: boolean;
  accepted: number;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The inbox as the replicas left it, with each payload's issue version. */
interface InboxRow {
  seq: number;
  delivery: string;
  status: string;
  outcome: string | null;
  issue_id: string;
  updated_at: string;
}
const INBOX = `SELECT seq::int AS seq, delivery, status, outcome, issue_id,
                      payload::json->'data'->>'updatedAt' AS updated_at
               FROM events ORDER BY seq`;

/** One mutation of a recorded write: which issue, and exactly what it asked. */
interface AppliedWrite {
  issueId: string;
  mutation: string;
  /** Its arguments as sent, compared whole. */
  input: string;
  /** What a person would call it: the attachment's title, the sort order, the label. */
  shown: string;
}

/** The mutations of Linear's applied writes, in the order Linear applied them. */
function appliedWrites(requests: readonly RecordedRequest[]): AppliedWrite[] {
  return requests.flatMap((request) =>
    request.fields.flatMap((mutation, index) => {
      const args = Object.fromEntries(
        Object.entries(request.variables)
          .filter(([name]) => name.startsWith(`m${index}_`))
          .map(([name, value]) => [name.slice(`m${index}_`.length), value]),
      );
      const input = args.input as { issueId?: unknown; title?: unknown; sortOrder?: unknown };
      const issueId = typeof args.id === 'string' ? args.id : input?.issueId;
      const shown = String(input?.title ?? input?.sortOrder ?? args.labelId);
      return typeof issueId === 'string'
        ? [{ issueId, mutation, input: JSON.stringify(args), shown }]
        : [];
    }),
  );
}

/**
 * Writes that asked Linear for what it already held from the same write: the same mutation
 * with the same arguments on the same issue, with no other such write between. Keyrank writes
 * only a difference, and nobody else writes attachments or sort orders here, so each one is an
 * event (or a re-rank) applied twice.
 */
function repeatedWrites(
  writes: readonly AppliedWrite[],
  identifier: (issueId: string) => string,
): string[] {
  const last = new Map<string, string>();
  const repeated: string[] = [];
  for (const write of writes) {
    const key = `${write.issueId} ${write.mutation}`;
    if (last.get(key) === write.input) {
      repeated.push(`${identifier(write.issueId)}: ${write.mutation} "${write.shown}" again`);
    }
    last.set(key, write.input);
  }
  return repeated;
}

describe('three replicas on one PostgreSQL database, two of them killed mid-burst', () => {
  const linear = new LocalLinear();
  const replicas: Replica[] = [];
  const killed: Replica[] = [];
  afterAll(async () => {
    for (const replica of [...replicas, ...killed]) {
      replica.serve.process.kill('SIGKILL');
    }
    await linear.close();
  });

  it('loses no event, applies none twice, and ends with the score of each issue’s last event', async () => {
    await linear.start();
    // 600 events and their reads and re-ranks would run past an hour's budget; not this test's subject.
    linear.limits = { ...linear.limits, requestsPerHour: 1_000_000, complexityPerHour: 1e9 };
    const { eng, ops } = seedWorkspace(linear);
    const random = generator(13);
    const pick = <T>(items: readonly T[]): T => items[random(items.length)] as T;
    const managedGroups = new Set([KEY_RESULTS_GROUP, IMPACT_GROUP, CONFIDENCE_GROUP, REACH_GROUP]);
    const isManaged = (labelId: string) => {
      const parent = linear.labels.find((l) => l.id === labelId)?.parentId;
      return managedGroups.has(linear.labels.find((l) => l.id === parent)?.name ?? '');
    };
    /** A person retags the issue: new KRs, RICE labels and estimate; other labels stay. */
    const retag = (issue: Issue) =>
      linear.edit(issue, (i) => {
        const paths = [
          ...pick(KR_SETS).map((kr) => `${KEY_RESULTS_GROUP}/${kr}`),
          `${IMPACT_GROUP}/${pick(IMPACT_LABELS).name}`,
          `${CONFIDENCE_GROUP}/${pick(CONFIDENCE_LABELS).name}`,
          `${REACH_GROUP}/${pick(REACH_LABELS).name}`,
        ];
        i.labelIds = [
          ...i.labelIds.filter((id) => !isManaged(id)),
          ...paths.map((path) => linear.label(path).id),
        ];
        i.estimate = pick(ESTIMATES);
      });
    const issues = Array.from({ length: ISSUES }, (_, n) =>
      retag(linear.addIssue(n % 2 === 0 ? eng : ops)),
    );
    // Each issue's events, shuffled together: an issue's events are spread over the burst.
    const events: PendingEvent[] = issues.flatMap((issue) =>
      Array.from({ length: EVENTS_PER_ISSUE }, () => ({
        delivery: randomUUID(),
        issue,
        payload: undefined,
        attempts: 0,
      })),
    );
    for (let n = events.length - 1; n > 0; n--) {
      const other = random(n + 1);
      [events[n], events[other]] = [events[other] as PendingEvent, events[n] as PendingEvent];
    }

    const db = await freshDatabase();
    const env = {
      ...serveEnv(linear, 'keyrank-replicas-'),
      KEYRANK_DB: db,
      KEYRANK_COALESCE_MS: '50',
      KEYRANK_RERANK_DELAY_MS: '50',
    };
    const start = async (): Promise<Replica> => ({
      serve: await startServeProcess(env),
      live: true,
      accepted: 0,
    });
    replicas.push(...(await Promise.all([start(), start(), start()])));

    let turn = 0;
    const nextLive = (): Replica => {
      for (let n = 0; n < replicas.length; n++) {
        const replica = replicas[turn++ % replicas.length] as Replica;
        if (replica.live) {
          return replica;
        }
      }
      throw new Error('no live replica');
    };
    let accepted = 0;
    let restarted: Promise<void> | undefined;
    /** SIGKILL replicas 1 and 2 (no warning, no shutdown), then start them again on new ports. */
    const killTwo = async (): Promise<void> => {
      await Promise.all(
        [1, 2].map(async (slot) => {
          const victim = replicas[slot] as Replica;
          victim.live = false;
          victim.serve.process.kill('SIGKILL');
          expect(await victim.serve.exited).toBe('SIGKILL');
          killed.push(victim);
          replicas[slot] = await start();
        }),
      );
    };

    const queue = [...events];
    const retries: PendingEvent[] = [];
    let inFlight = 0;
    const send = async (event: PendingEvent): Promise<void> => {
      if (event.payload === undefined) {
        const before = [...event.issue.labelIds];
        retag(event.issue);
        event.payload = linear.webhook(event.issue, 'update', { labelIds: before });
      }
      event.attempts++;
      const replica = nextLive();
      const answer = await postWebhook(
        `http://127.0.0.1:${replica.serve.port}`,
        { ...event.payload, webhookTimestamp: Date.now() },
        { delivery: event.delivery },
      ).catch(() => undefined);
      if (answer?.status === 200) {
        replica.accepted++;
        accepted++;
        if (accepted === KILL_AFTER) {
          restarted = killTwo();
        }
      } else if (event.attempts >= MAX_ATTEMPTS) {
        throw new Error(
          `delivery ${event.delivery} refused ${MAX_ATTEMPTS} times: ${answer?.body}`,
        );
      } else {
        retries.push(event);
      }
    };
    const sender = async (): Promise<void> => {
      for (;;) {
        const event = retries.shift() ?? queue.shift();
        if (event === undefined) {
          if (inFlight === 0) {
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
          continue;
        }
        inFlight++;
        try {
          await send(event);
        } finally {
          inFlight--;
        }
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    await restarted;
    expect(accepted).toBe(EVENTS);
    // The restarted replicas took part in the rest of the burst.
    expect(replicas.map((r) => r.accepted > 0)).toEqual([true, true, true]);

    // The inbox drains: no row left pending, on any replica.
    let rows: InboxRow[];
    const drainedBy = Date.now() + 60_000;
    for (;;) {
      rows = await query<InboxRow>(db, INBOX);
      if (rows.length >= EVENTS && rows.every((r) => r.status !== 'pending')) {
        break;
      }
      if (Date.now() > drainedBy) {
        throw new Error(
          `inbox not drained: ${rows.filter((r) => r.status === 'pending').length} pending of ${rows.length}\n` +
            replicas.map((r) => r.serve.log()).join('\n'),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Then quiet: no request to Linear for a second (the debounced re-ranks are done too).
    const quietBy = Date.now() + 30_000;
    for (let seen = -1; seen !== linear.requests.length && Date.now() < quietBy;) {
      seen = linear.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    for (const replica of replicas) {
      replica.serve.process.kill('SIGTERM');
      expect(await replica.serve.exited).toBe(0);
    }

    // 0 lost: each of the 600 deliveries is in the inbox exactly once, and closed.
    const sent = events.map((e) => e.delivery).sort();
    expect.soft(rows.map((r) => r.delivery).sort()).toEqual(sent);
    expect.soft(rows.filter((r) => r.status !== 'done')).toEqual([]);

    // 0 applied twice.
    const identifier = (id: string) => linear.issues.find((i) => i.id === id)?.identifier ?? id;
    expect.soft(repeatedWrites(appliedWrites(linear.writeRequests()), identifier)).toEqual([]);

    // Each issue shows the score of what Linear holds now, its last event's content, as one
    // process deciding it afresh would write it.
    const { okrs, settings } = fixtureOkrs();
    const today = new Date().toISOString().slice(0, 10);
    const links = scoreLinks(PUBLIC_URL, SECRET);
    const scores = new Map(
      (
        await query<{ identifier: string; score: number | null }>(
          db,
          'SELECT identifier, score FROM scores',
        )
      ).map((r) => [r.identifier, r.score]),
    );
    const mismatches = issues.flatMap((issue) => {
      const labels = issue.labelIds.map((id) => {
        const label = linear.labels.find((l) => l.id === id);
        const group = linear.labels.find((l) => l.id === label?.parentId);
        return { name: label?.name ?? id, group: group?.name ?? null };
      });
      const state = linear.states.find((s) => s.id === issue.stateId);
      const read = toSnapshot(
        {
          identifier: issue.identifier,
          title: issue.title,
          stateType: state?.type ?? 'backlog',
          labels,
          estimate: issue.estimate,
          description: issue.description,
        },
        settings,
      );
      const decision = decideIssue(read.snapshot, okrs, settings, today);
      const wanted = attachmentFor(decision, read.problems, links);
      const shown = linear.attachmentsOf(issue);
      const got = {
        attachments: shown.length,
        title: shown[0]?.title,
        score: shown[0]?.metadata.score,
        stored: scores.get(issue.identifier),
      };
      const expected = {
        attachments: 1,
        title: wanted.title,
        score: wanted.metadata.score,
        stored: decision.score,
      };
      return JSON.stringify(got) === JSON.stringify(expected)
        ? []
        : [
            {
              issue: issue.identifier,
              got,
              expected,
              // How its events ended, with the issue version each carried.
              inbox: rows
                .filter((r) => r.issue_id === issue.id)
                .map((r) => `#${r.seq} ${r.updated_at} ${r.status} ${r.outcome}`),
            },
          ];
    });
    expect.soft(mismatches).toEqual([]);
  }, 150_000);
});
