import { PermanentLinearError, TransientLinearError } from '../api/errors';
import { LabelCatalog } from '../api/label-catalog';
import type { Okrs } from '../../core/index';
import type { Clock } from '../clock';
import { IssueEventSchema, type IssueEvent } from '../read/webhook-payload';
import type { EventQueue, QueuedEvent } from '../store/event-queue';
import type { KnownIssues } from '../store/known-issues';
import type { RerankMarks } from '../store/rerank-marks';
import type { ScoreStore } from '../store/score-store';
import { OwnSortOrders } from '../sync/own-sort-orders';
import { rerankTeam, type RerankContext } from '../sync/rerank';
import { syncWorkspace } from '../sync/sync-backlog';
import type { SyncContext } from '../sync/sync-context';
import { syncIssues, type IssueEventResult, type IssueSyncContext } from '../sync/sync-issue';
import { TeamSuggesters } from '../sync/team-suggesters';
import { debounce, type Debouncer } from './debounce';
import { teamLock, type TeamLock } from './team-lock';

/** The clock among them is passed in so tests can move time on without waiting for it. */
export interface WorkerOptions extends SyncContext {
  events: EventQueue;
  scores: ScoreStore;
  reranks: RerankMarks;
  /** What Keyrank knows each issue holds, so events on known issues need no read. */
  known: KnownIssues;
  /**
   * How long the first due event waits for others (KEYRANK_COALESCE_MS): the events of that
   * window are decided together and their writes share requests.
   */
  coalesceMs?: number;
  /** Quiet time before a team is re-ranked; a burst of events gives one re-rank. */
  rerankDelayMs?: number;
  /** First retry delay for an event that failed transiently; doubles up to an hour. */
  retryDelayMs?: number;
  /** Every team is synced at start and then this often; without it, never. */
  syncEveryMs?: number;
  /** How long a closed event (and its fingerprint) is kept to recognise redeliveries. */
  doneRetentionMs?: number;
  /**
   * One re-rank or sync of a team at a time; the database's lock, which replicas share, when
   * it has one. By default, this process's.
   */
  teamLock?: TeamLock;
  /**
   * The OKRs with the check-ins stored now, read before each window and each re-rank: another
   * replica may have recorded one. Without it, the OKRs given (and those of `useOkrs`).
   */
  refreshOkrs?: () => Promise<Okrs>;
  /**
   * The longest the worker sleeps without looking at the inbox: other replicas accept events
   * it is not told about. Without it, a minute.
   */
  pollMs?: number;
  /**
   * Runs before each sync of every team (reads the automatic progress sources); a failure is
   * logged and the sync goes on.
   */
  beforeSync?: (asOf: string) => Promise<void>;
}

/**
 * After this many unexpected failures (not Linear being unavailable) an event is set aside for
 * a person. Linear outages are retried for as long as they last: the event was promised.
 */
const MAX_ATTEMPTS = 12;
/** Events taken per window: a bulk edit of hundreds of issues is written together. */
const BATCH = 1_000;
/** Default of KEYRANK_COALESCE_MS. */
export const COALESCE_MS = 1_000;
/** A failed sync is tried again this soon (or at the next regular sync, if that is sooner). */
const SYNC_RETRY_MS = 10 * 60_000;
/**
 * Closed events are kept this long, then pruned: well past Linear's last retry of a delivery
 * (6 h after the first attempt) and any sync interval up to a week's worth of the default, so
 * a redelivery or replay within the window is still recognised. One after it would be applied
 * against what Linear holds then, which is harmless.
 */
export const DONE_RETENTION_MS = 7 * 24 * 3_600_000;
/** Rows deleted per prune: short transactions, so webhooks are never kept waiting on one. */
export const PRUNE_BATCH = 500;

/**
 * Drains the inbox in arrival order, one issue at a time: Linear's writes to an issue should
 * land in the order its events happened. Started on boot, so events accepted before a crash
 * are processed on restart. Replicas share the inbox: each claims the events it applies, and
 * an issue's events go to one replica at a time. Syncs every team at start and every
 * `syncEveryMs`; a team's sync, its re-rank and its events take the team lock (across
 * replicas on PostgreSQL), so two of them never write to one issue at once.
 */
export class Worker {
  readonly catalog = new LabelCatalog();
  /** Sort orders Keyrank wrote, so their echoes cost nothing; the page's re-ranks add to it. */
  readonly ownSortOrders = new OwnSortOrders();
  private readonly ctx: IssueSyncContext;
  private readonly rerankTimer: Debouncer;
  private readonly teamLock: TeamLock;
  private readonly now: Clock;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  /** Ends the coalescing pause early, on stop only: new events must not cut the window short. */
  private endPause: (() => void) | undefined;
  /** Set once the current window has been waited for; its events are taken next. */
  private windowWaited = false;
  private idleWaiters: (() => void)[] = [];
  private nextSyncAt: number | null;
  reranksRun = 0;
  syncsRun = 0;

  constructor(private readonly options: WorkerOptions) {
    this.now = options.now;
    this.teamLock = options.teamLock ?? teamLock();
    this.nextSyncAt = options.syncEveryMs === undefined ? null : this.now();
    this.rerankTimer = debounce(
      options.rerankDelayMs ?? 2_000,
      (teamId) => this.rerank(teamId),
      (teamId, error) =>
        options.log.error('re-rank failed', { team: teamId, error: (error as Error).message }),
    );
    this.ctx = {
      api: options.api,
      catalog: this.catalog,
      scores: options.scores,
      known: options.known,
      suggesters: new TeamSuggesters(options.okrs),
      okrs: options.okrs,
      settings: options.settings,
      links: options.links,
      today: options.today,
      now: this.now,
      log: options.log,
      ownSortOrders: this.ownSortOrders,
      rankChanged: async (teamId) => {
        if (!options.settings.rankAutomatically) {
          return;
        }
        // Marked before the timer can fire: the re-rank clears the mark its read covers.
        await options.reranks.mark(teamId, this.now());
        this.rerankTimer.trigger(teamId);
      },
    };
  }

  start(): void {
    this.running = true;
    // Re-ranks that were due when the last run stopped.
    this.loop = this.run();
  }

  /**
   * Scores from now on with these OKRs (the same objectives with new check-ins): events and
   * re-ranks use them at once, the next sync rewrites every issue with them.
   */
  useOkrs(okrs: Okrs): void {
    this.ctx.okrs = okrs;
  }

  /** Something was accepted (or the clock moved): look now rather than at the next timer. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    this.endPause?.();
    await this.loop;
    this.rerankTimer.cancel();
  }

  /** Resolves when no event or sync is due and no re-rank is waiting (tests, benches, shutdown). */
  async settle(): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        this.wake();
      });
      await this.rerankTimer.flush();
      if ((await this.options.events.due(this.now(), 1)).length === 0 && !this.syncDue()) {
        return;
      }
    }
  }

  private syncDue(): boolean {
    return this.nextSyncAt !== null && this.now() >= this.nextSyncAt;
  }

  private async run(): Promise<void> {
    // Re-ranks that were due when the last run stopped.
    if (this.options.settings.rankAutomatically) {
      try {
        (await this.options.reranks.teams()).forEach((teamId) => this.rerankTimer.trigger(teamId));
      } catch (error) {
        this.options.log.error('cannot read the teams due a re-rank', {
          error: (error as Error).message,
        });
      }
    }
    while (this.running) {
      try {
        if (this.syncDue()) {
          await this.sync();
          continue;
        }
        const waiting = await this.options.events.due(this.now(), 1);
        if (waiting.length === 0) {
          if ((await this.prune()) === PRUNE_BATCH) {
            // More to prune: one batch at a time, letting webhooks and due events in between.
            await new Promise((resolve) => setImmediate(resolve));
            continue;
          }
          this.idleWaiters.splice(0).forEach((resolve) => resolve());
          await this.sleepUntilWoken();
          continue;
        }
        const window = this.options.coalesceMs ?? COALESCE_MS;
        if (window > 0 && !this.windowWaited) {
          // Events arriving together (a bulk edit, a burst) are decided and written together.
          this.windowWaited = true;
          await this.pause(window);
          continue;
        }
        this.windowWaited = false;
        // Claimed only now, after the window: the events that came during it are taken too.
        const batch = await this.options.events.claim(this.now(), BATCH);
        if (batch.length === 0) {
          // What is due is another replica's to apply: look again later, not at once.
          await this.sleep(this.options.pollMs ?? 1_000);
          continue;
        }
        try {
          await this.drain(batch);
        } finally {
          await this.options.events.release();
        }
      } catch (error) {
        // The inbox itself failed (disk, lock): keep the loop alive and try again shortly.
        this.options.log.error('worker failed; retrying', { error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  /** Deletes one batch of events closed before the retention window; returns how many. */
  private prune(): Promise<number> {
    const before = this.now() - (this.options.doneRetentionMs ?? DONE_RETENTION_MS);
    return this.options.events.pruneDone(before, PRUNE_BATCH);
  }

  private async sync(): Promise<void> {
    const every = this.options.syncEveryMs ?? 0;
    let failed = true;
    try {
      await this.options.beforeSync?.(this.options.today());
    } catch (error) {
      this.options.log.error('reading key result progress failed; syncing anyway', {
        error: (error as Error).message,
      });
    }
    try {
      const result = await syncWorkspace(
        {
          ...this.ctx,
          events: this.options.events,
          reranks: this.options.reranks,
          teamLock: this.teamLock,
        },
        this.options.today(),
      );
      failed = result.failedTeams > 0;
    } catch (error) {
      this.options.log.error('sync failed; trying again later', {
        error: (error as Error).message,
      });
    }
    this.syncsRun++;
    this.nextSyncAt = this.now() + (failed ? Math.min(every, SYNC_RETRY_MS) : every);
  }

  /** One window: the newest event of each issue, decided together, written together per team. */
  private async drain(batch: readonly QueuedEvent[]): Promise<void> {
    if (!this.running || this.syncDue()) {
      return;
    }
    const newest = new Map<string, QueuedEvent>();
    for (const event of batch) {
      if (event.issueId !== null && newest.has(event.issueId)) {
        continue;
      }
      // A burst for one issue is handled once, with its newest payload.
      const latest =
        event.issueId === null ? event : await this.options.events.newestFor(event.issueId);
      if (latest !== undefined) {
        newest.set(latest.issueId ?? `#${latest.seq}`, latest);
      }
    }
    if (this.options.refreshOkrs !== undefined) {
      this.useOkrs(await this.options.refreshOkrs());
    }
    const queued = new Map<IssueEvent, QueuedEvent>();
    for (const event of newest.values()) {
      const parsed = IssueEventSchema.safeParse(parseJson(event.payload));
      if (parsed.success) {
        queued.set(parsed.data, event);
      } else {
        // Retrying cannot make a stored row readable: keep it for a person instead.
        this.options.log.error('stored event cannot be read; set aside', {
          delivery: event.delivery,
        });
        await this.options.events.setAsideEvent(
          event.seq,
          'set aside: the stored payload is not an Issue event',
        );
      }
    }
    // Team by team, under the lock a team's sync and re-rank take (across replicas on
    // PostgreSQL): a sync that read the backlog before these events must not write after them.
    const byTeam = new Map<string, IssueEvent[]>();
    for (const event of queued.keys()) {
      const team = byTeam.get(event.data.teamId) ?? [];
      team.push(event);
      byTeam.set(event.data.teamId, team);
    }
    for (const [teamId, teamEvents] of byTeam) {
      const results = await this.teamLock.run(teamId, () => syncIssues(this.ctx, teamEvents));
      for (const result of results) {
        await this.finish(queued.get(result.event) as QueuedEvent, result);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.endPause = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.endPause = done;
    });
  }

  private async sleepUntilWoken(): Promise<void> {
    const next = Math.min(
      (await this.options.events.nextDue()) ?? Infinity,
      this.nextSyncAt ?? Infinity,
    );
    const longest = this.options.pollMs ?? 60_000;
    const wait = Number.isFinite(next)
      ? Math.max(10, Math.min(longest, next - this.now()))
      : longest;
    return this.sleep(wait);
  }

  private sleep(wait: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, wait);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** Closes an event, or gives it back for later, after its result. */
  private async finish(event: QueuedEvent, result: IssueEventResult): Promise<void> {
    const { events, log } = this.options;
    if ('outcome' in result) {
      await events.close(event, result.outcome);
      return;
    }
    const { error } = result;
    const issue = result.event.data.identifier;
    const message = (error as Error).message;
    if (error instanceof PermanentLinearError) {
      log.error('event closed without applying it', {
        issue,
        delivery: event.delivery,
        error: message,
      });
      await events.close(event, `failed: ${message}`);
      return;
    }
    const outage = error instanceof TransientLinearError;
    if (!outage && event.attempts + 1 >= MAX_ATTEMPTS) {
      log.error('event failed too often; set aside', {
        issue,
        delivery: event.delivery,
        error: message,
      });
      await events.setAsideEvent(event.seq, `set aside after ${MAX_ATTEMPTS} failures: ${message}`);
      return;
    }
    const backoff = Math.min(3_600_000, (this.options.retryDelayMs ?? 5_000) * 2 ** event.attempts);
    const at = Math.max(this.now() + backoff, outage ? (error.retryAt ?? 0) : 0);
    log.warn('event will be retried', {
      issue,
      delivery: event.delivery,
      error: message,
      delayMs: at - this.now(),
    });
    await events.retryLater(event, at, message);
  }

  /** Waits for a sync of the same team to finish: both write `sortOrder`. */
  private async rerank(teamId: string): Promise<void> {
    if (this.options.refreshOkrs !== undefined) {
      // As before a window: a check-in recorded since (here or on another replica) counts.
      this.useOkrs(await this.options.refreshOkrs());
    }
    const ctx: RerankContext = { ...this.ctx, reranks: this.options.reranks };
    await this.teamLock.run(teamId, () => rerankTeam(ctx, teamId));
    this.reranksRun++;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
