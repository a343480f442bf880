import { describe, expect, it } from 'vitest';
import type { TokenSet } from '../../../src/linear/server/auth/oauth-client';
import { CheckInStore, InvalidCheckInError } from '../../../src/linear/store/check-in-store';
import type { Database } from '../../../src/linear/store/database/database';
import { openDatabase } from '../../../src/linear/store/database/open-database';
import { EventQueue } from '../../../src/linear/store/event-queue';
import { readInboxReport } from '../../../src/linear/store/inbox-report';
import { KnownIssues, type KnownIssue } from '../../../src/linear/store/known-issues';
import { RerankMarks } from '../../../src/linear/store/rerank-marks';
import { ScoreStore } from '../../../src/linear/store/score-store';
import { PENDING_LIFETIME_MS, SessionStore } from '../../../src/linear/store/session-store';
import { DATABASES, withDatabase } from './databases';

/**
 * Every store of `keyrank serve`, the same tests on SQLite and on PostgreSQL: what one database
 * keeps, the other keeps the same way, across a restart (close and open again).
 */

const NOW = Date.parse('2026-11-15T09:00:00Z');
const DAY = 24 * 3_600_000;

const ENG_12: KnownIssue = {
  id: 'issue-eng-12',
  identifier: 'ENG-12',
  teamId: 'team-eng',
  updatedAt: '2026-11-15T08:00:00.000Z',
  labelIds: ['label-o1-kr1', 'label-impact-high'],
  attachment: { title: 'Keyrank score 400', subtitle: 'O1-KR1 · RICE 400', metadata: { s: 400 } },
};

const TOKENS: TokenSet = {
  accessToken: 'access-1',
  refreshToken: 'refresh-1',
  expiresAt: NOW + 3_600_000,
  scopes: ['read', 'write'],
};
const ANA = { userId: 'user-ana', userName: 'Ana', orgId: 'org-acme' };

/** An Issue event's body as Linear sends it, reduced to what the queue keeps. */
function payload(issueId: string, n: number): string {
  return JSON.stringify({ type: 'Issue', action: 'update', data: { id: issueId, n } });
}

async function accept(events: EventQueue, issueId: string | null, n: number): Promise<boolean> {
  return events.accept(
    `delivery-${issueId}-${n}`,
    `fp-${issueId}-${n}`,
    issueId,
    payload(issueId ?? '', n),
  );
}

describe.each(DATABASES)('the stores on $name', ({ fresh }) => {
  describe('the event inbox', () => {
    it('keeps each delivery once: a redelivery and a replay under a new delivery id are no-ops', async () => {
      await withDatabase(await fresh(), async (db) => {
        const events = await EventQueue.open(db, () => NOW);
        expect(await events.accept('d-1', 'fp-1', 'issue-a', payload('issue-a', 1))).toBe(true);
        expect(await events.accept('d-1', 'fp-other', 'issue-a', payload('issue-a', 1))).toBe(
          false,
        );
        expect(await events.accept('d-2', 'fp-1', 'issue-a', payload('issue-a', 1))).toBe(false);
        expect(await events.counts()).toEqual({ pending: 1, done: 0, setAside: 0 });
      });
    });

    it('keeps accepted events across a restart, due oldest first', async () => {
      const target = await fresh();
      await withDatabase(target, async (db) => {
        const events = await EventQueue.open(db, () => NOW);
        await accept(events, 'issue-a', 1);
        await accept(events, 'issue-b', 1);
        await accept(events, null, 1);
      });
      await withDatabase(target, async (db) => {
        const events = await EventQueue.open(db, () => NOW);
        const due = await events.due(NOW, 10);
        expect(due.map((e) => e.issueId)).toEqual(['issue-a', 'issue-b', null]);
        expect(due.map((e) => e.attempts)).toEqual([0, 0, 0]);
        expect(await events.lastSeq()).toBe(due[2]?.seq);
        expect(await events.nextDue()).toBe(0);
      });
    });

    it('closes an event with every older pending event of its issue, and no other issue’s', async () => {
      await withDatabase(await fresh(), async (db) => {
        const events = await EventQueue.open(db, () => NOW);
        await accept(events, 'issue-a', 1);
        await accept(events, 'issue-b', 1);
        await accept(events, 'issue-a', 2);
        const newest = await events.newestFor('issue-a');
        expect(JSON.parse(newest?.payload ?? '')).toMatchObject({ data: { n: 2 } });
        await events.close(newest!, 'written');
        expect((await events.due(NOW, 10)).map((e) => e.issueId)).toEqual(['issue-b']);
        expect(await events.counts()).toEqual({ pending: 1, done: 2, setAside: 0 });
        expect(await events.newestFor('issue-a')).toBeUndefined();
      });
    });

    it('takes an issue’s latest change even when it was delivered first, and keeps one that comes after', async () => {
      await withDatabase(await fresh(), async (db) => {
        const events = await EventQueue.open(db, () => NOW);
        const at = (ms: number) => new Date(NOW + ms).toISOString();
        // Two edits 8 ms apart, delivered in the other order.
        await events.accept('d-later', 'fp-later', 'issue-a', payload('issue-a', 2), at(62));
        await events.accept('d-earlier', 'fp-earlier', 'issue-a', payload('issue-a', 1), at(54));
        const newest = await events.newestFor('issue-a');
        expect(newest).toMatchObject({ delivery: 'd-later', updatedAt: at(62) });
        // While it is applied, a third edit arrives: it says something newer, so it stays.
        await events.accept('d-third', 'fp-third', 'issue-a', payload('issue-a', 3), at(90));
        await events.close(newest!, 'written');
        expect((await events.due(NOW, 10)).map((e) => e.delivery)).toEqual(['d-third']);
        expect(await events.counts()).toEqual({ pending: 1, done: 2, setAside: 0 });
      });
    });

    it('is read by keyrank linear inbox without changing anything', async () => {
      const target = await fresh();
      await withDatabase(target, async (db) => {
        const events = await EventQueue.open(db, () => NOW);
        await accept(events, 'issue-a', 1);
        await events.setAside('d-aside', 'fp-aside', '{"data":{"identifier":"ENG-7"}', 'torn');
      });
      const report = await readInboxReport(target, 10);
      expect(report.counts).toEqual({ pending: 1, done: 0, setAside: 1 });
      expect(report.setAside).toMatchObject([{ delivery: 'd-aside', reason: 'torn' }]);
      expect(await readInboxReport(target, 10)).toEqual(report);
    });

    it('retries later with the attempt counted, and sets aside for a person', async () => {
      await withDatabase(await fresh(), async (db) => {
        const events = await EventQueue.open(db, () => NOW);
        await accept(events, 'issue-a', 1);
        await accept(events, 'issue-b', 1);
        const [a, b] = await events.due(NOW, 10);
        await events.retryLater(a!, NOW + 60_000, 'Linear is unavailable');
        await events.setAsideEvent(b!.seq, 'set aside after 12 failures: boom');
        expect(await events.due(NOW, 10)).toEqual([]);
        expect(await events.nextDue()).toBe(NOW + 60_000);
        expect((await events.due(NOW + 60_000, 10))[0]).toMatchObject({
          issueId: 'issue-a',
          attempts: 1,
        });
        expect(await events.setAsideEvents()).toMatchObject([
          { delivery: 'delivery-issue-b-1', reason: 'set aside after 12 failures: boom' },
        ]);
        expect(await events.counts()).toEqual({ pending: 1, done: 0, setAside: 1 });
      });
    });

    it('closes what a sync overtook, up to the sequence it read after', async () => {
      await withDatabase(await fresh(), async (db) => {
        const events = await EventQueue.open(db, () => NOW);
        await accept(events, 'issue-a', 1);
        await accept(events, 'issue-b', 1);
        const upTo = await events.lastSeq();
        await accept(events, 'issue-a', 2);
        expect(await events.closeSynced(['issue-a', 'issue-b'], upTo)).toBe(2);
        expect((await events.due(NOW, 10)).map((e) => e.delivery)).toEqual(['delivery-issue-a-2']);
      });
    });

    it('prunes closed events past the window one batch at a time, never pending or set-aside ones', async () => {
      let now = NOW - 9 * DAY;
      await withDatabase(await fresh(), async (db) => {
        const events = await EventQueue.open(db, () => now);
        for (let n = 0; n < 30; n++) {
          await accept(events, `old-${n}`, n);
          await events.close((await events.newestFor(`old-${n}`))!, 'written');
        }
        await accept(events, 'old-pending', 1);
        await events.setAside('d-aside', 'fp-aside', 'not json', 'the signed body is not JSON');
        now = NOW;
        await accept(events, 'recent', 1);
        await events.close((await events.newestFor('recent'))!, 'written');
        const cutoff = NOW - 7 * DAY;
        expect(await events.pruneDone(cutoff, 25)).toBe(25);
        expect(await events.pruneDone(cutoff, 25)).toBe(5);
        expect(await events.pruneDone(cutoff, 25)).toBe(0);
        expect(await events.counts()).toEqual({ pending: 1, done: 1, setAside: 1 });
      });
    });
  });

  describe('claims, as replicas share the inbox', () => {
    it('gives each due event to one owner, and never splits one issue’s events between two', async () => {
      const target = await fresh();
      const one = await openDatabase(target);
      const two = await openDatabase(target);
      try {
        const first = await EventQueue.open(one, () => NOW);
        const second = await EventQueue.open(two, () => NOW);
        await accept(first, 'issue-a', 1);
        await accept(first, 'issue-b', 1);
        const claimed = await first.claim(NOW, 1);
        expect(claimed.map((e) => e.issueId)).toEqual(['issue-a']);
        // A newer event of the claimed issue arrives: it is the first owner's to apply.
        await accept(second, 'issue-a', 2);
        expect((await second.claim(NOW, 10)).map((e) => e.issueId)).toEqual(['issue-b']);
        // The first owner, claiming again, gets its own issue's events and not the other's.
        expect((await first.claim(NOW, 10)).map((e) => e.issueId)).toEqual(['issue-a', 'issue-a']);
        // Released unclosed (a retry later): the issue is free for whoever claims next.
        await first.release();
        expect((await second.claim(NOW, 10)).map((e) => e.issueId)).toEqual([
          'issue-a',
          'issue-b',
          'issue-a',
        ]);
      } finally {
        await one.close();
        await two.close();
      }
    });

    it('takes over the claims of an owner that is gone', async () => {
      const target = await fresh();
      const gone = await openDatabase(target);
      const events = await EventQueue.open(gone, () => NOW);
      await accept(events, 'issue-a', 1);
      expect(await events.claim(NOW, 10)).toHaveLength(1);
      await gone.close();
      await withDatabase(target, async (db) => {
        const taker = await EventQueue.open(db, () => NOW);
        expect((await taker.claim(NOW, 10)).map((e) => e.issueId)).toEqual(['issue-a']);
      });
    });

    it('runs one task per team at a time, across two openings of the database', async () => {
      const target = await fresh();
      const one = await openDatabase(target);
      const two = await openDatabase(target);
      try {
        const trace: string[] = [];
        const task = (who: string) => async () => {
          trace.push(`${who} starts`);
          await new Promise((resolve) => setTimeout(resolve, 50));
          trace.push(`${who} ends`);
        };
        await Promise.all([
          one.teamLock.run('team-eng', task('one')),
          two.teamLock.run('team-eng', task('two')),
        ]);
        expect(trace).toHaveLength(4);
        expect(trace[1]).toBe(trace[0]?.replace('starts', 'ends'));
        // Another team is not kept waiting by it.
        const other: string[] = [];
        await Promise.all([
          one.teamLock.run('team-eng', async () => {
            await new Promise((resolve) => setTimeout(resolve, 100));
            other.push('eng');
          }),
          two.teamLock.run('team-ops', () => {
            other.push('ops');
            return Promise.resolve();
          }),
        ]);
        expect(other).toEqual(['ops', 'eng']);
      } finally {
        await one.close();
        await two.close();
      }
    });
  });

  describe('known issues', () => {
    it('remembers what an issue holds, never moving its version backwards', async () => {
      const target = await fresh();
      await withDatabase(target, async (db) => {
        const known = await KnownIssues.open(db);
        await known.remember([ENG_12]);
        await known.remember([{ ...ENG_12, updatedAt: '2026-11-14T00:00:00.000Z', labelIds: [] }]);
      });
      await withDatabase(target, async (db) => {
        const known = await KnownIssues.open(db);
        expect(await known.get(ENG_12.id)).toEqual({
          pending: false,
          issue: { ...ENG_12, labelIds: [] },
        });
        expect(await known.get('issue-unknown')).toBeUndefined();
      });
    });

    it('marks a write under way until Linear answered, and forgets a refused one', async () => {
      await withDatabase(await fresh(), async (db) => {
        const known = await KnownIssues.open(db);
        await known.remember([ENG_12, { ...ENG_12, id: 'issue-eng-13', identifier: 'ENG-13' }]);
        await known.markPending([ENG_12.id]);
        expect((await known.get(ENG_12.id))?.pending).toBe(true);
        await known.remember([ENG_12]);
        expect((await known.get(ENG_12.id))?.pending).toBe(false);
        await known.forget(['issue-eng-13']);
        expect(await known.get('issue-eng-13')).toBeUndefined();
      });
    });
  });

  describe('scores, re-rank marks and check-ins', () => {
    it('keeps the latest score of an issue, and a non-finite one as no score', async () => {
      await withDatabase(await fresh(), async (db) => {
        const scores = await ScoreStore.open(db);
        const score = {
          identifier: 'ENG-12',
          title: 'Faster checkout',
          score: 400,
          icebox: false,
          explanation: 'O1-KR1 · RICE 400',
          problems: [],
          updatedAt: '2026-11-15T09:00:00.000Z',
        };
        await scores.save(score);
        expect(await scores.get('ENG-12')).toEqual(score);
        await scores.save({ ...score, score: Infinity, icebox: true, problems: ['too large'] });
        expect(await scores.get('ENG-12')).toEqual({
          ...score,
          score: null,
          icebox: true,
          problems: ['too large'],
        });
        expect(await scores.get('ENG-99')).toBeUndefined();
      });
    });

    it('clears a re-rank mark only when no newer mark came after the read began', async () => {
      await withDatabase(await fresh(), async (db) => {
        const marks = await RerankMarks.open(db);
        await marks.mark('team-eng', 100);
        await marks.mark('team-ops', 100);
        await marks.mark('team-eng', 300);
        await marks.unmark('team-eng', 200);
        await marks.unmark('team-ops', 200);
        expect(await marks.teams()).toEqual(['team-eng']);
      });
    });

    it('lists a KR’s check-ins oldest first across a restart, and refuses what would not read back', async () => {
      const target = await fresh();
      await withDatabase(target, async (db) => {
        const store = await CheckInStore.open(db);
        await store.append('O1-KR1', {
          date: '2026-11-10',
          value: 44,
          source: 'push',
          note: 'survey',
        });
        await store.append('O1-KR1', { date: '2026-10-06', value: 41.5, source: 'push' });
        await expect(
          store.append('O1-KR1', { date: '2026-11-02', value: Infinity }),
        ).rejects.toThrow(InvalidCheckInError);
      });
      await withDatabase(target, async (db) => {
        const store = await CheckInStore.open(db);
        await store.append('O2-KR1', {
          date: '2026-11-01',
          value: 3,
          source: 'query',
          by: 'Keyrank',
        });
        expect(await store.list('O1-KR1')).toEqual([
          { date: '2026-10-06', value: 41.5, source: 'push' },
          { date: '2026-11-10', value: 44, source: 'push', note: 'survey' },
        ]);
        const all = await store.all();
        expect([...all.keys()]).toEqual(['O1-KR1', 'O2-KR1']);
        expect(all.get('O2-KR1')).toEqual([
          { date: '2026-11-01', value: 3, source: 'query', by: 'Keyrank' },
        ]);
      });
    });
  });

  describe('sessions and the app token', () => {
    it('keeps a session across a restart, found by its id only, and ends it', async () => {
      const target = await fresh();
      const { id } = await withDatabase(target, async (db) =>
        (await SessionStore.open(db)).createSession(ANA, TOKENS, NOW),
      );
      await withDatabase(target, async (db) => {
        const store = await SessionStore.open(db);
        expect(await store.findSession(id, NOW + 1)).toMatchObject({
          ...ANA,
          accessToken: 'access-1',
        });
        expect(await store.findSession(`${id}x`, NOW + 1)).toBeUndefined();
        await store.updateSessionTokens(id, { ...TOKENS, accessToken: 'access-2' });
        expect((await store.findSession(id, NOW + 2))?.accessToken).toBe('access-2');
        expect(await store.deleteSession(id)).toBe(true);
        expect(await store.findSession(id, NOW + 3)).toBeUndefined();
      });
    });

    it('takes a pending sign-in once, however many callbacks race for it', async () => {
      await withDatabase(await fresh(), async (db) => {
        const store = await SessionStore.open(db);
        const state = await store.startPending(
          { purpose: 'sign-in', verifier: 'v', returnTo: '/' },
          NOW,
        );
        const taken = await Promise.all([1, 2, 3].map(() => store.takePending(state, NOW + 1)));
        expect(taken.map((t) => t.kind).sort()).toEqual(['ok', 'unknown', 'unknown']);
        const late = await store.startPending(
          { purpose: 'install', verifier: 'v', returnTo: '/' },
          NOW,
        );
        expect((await store.takePending(late, NOW + PENDING_LIFETIME_MS + 1)).kind).toBe('expired');
      });
    });

    it('keeps the installation and its URL key, and forgets it', async () => {
      const target = await fresh();
      await withDatabase(target, async (db) =>
        (await SessionStore.open(db)).saveAppToken(
          { id: 'org-acme', name: 'Acme', urlKey: 'acme' },
          TOKENS,
          NOW,
        ),
      );
      await withDatabase(target, async (db) => {
        const store = await SessionStore.open(db);
        expect(await store.appToken()).toMatchObject({
          orgId: 'org-acme',
          orgUrlKey: 'acme',
          scopes: ['read', 'write'],
        });
        await store.clearAppToken();
        expect(await store.appToken()).toBeUndefined();
      });
    });
  });

  describe('migrations', () => {
    it('run once per database: opening again changes nothing, and every store has its version', async () => {
      const target = await fresh();
      const openAll = (db: Database) =>
        Promise.all([
          EventQueue.open(db, () => NOW),
          KnownIssues.open(db),
          ScoreStore.open(db),
          RerankMarks.open(db),
          CheckInStore.open(db),
          SessionStore.open(db),
        ]);
      const versions = (db: Database) =>
        db.all(`SELECT store, version FROM store_versions ORDER BY store`);
      const first = await withDatabase(target, async (db) => {
        await openAll(db);
        return versions(db);
      });
      expect(first.map((row) => row.store)).toEqual([
        'auth',
        'check_ins',
        'events',
        'health',
        'known_issues',
        'rerank_teams',
        'scores',
      ]);
      expect(first.every((row) => typeof row.version === 'number' && row.version >= 1)).toBe(true);
      const again = await withDatabase(target, async (db) => {
        await openAll(db);
        return versions(db);
      });
      expect(again).toEqual(first);
    });

    it('take turns when replicas start together on a new database', async () => {
      const target = await fresh();
      const starts = await Promise.allSettled(
        [1, 2, 3].map(async () => {
          const db = await openDatabase(target);
          try {
            await Promise.all([EventQueue.open(db, () => NOW), SessionStore.open(db)]);
          } finally {
            await db.close();
          }
        }),
      );
      expect(starts.filter((start) => start.status === 'rejected')).toEqual([]);
    });
  });
});
