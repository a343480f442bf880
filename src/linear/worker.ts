import type { Okrs, Settings } from '../core/index';
import { debounce, type Debouncer } from './debounce';
import { PermanentLinearError, TransientLinearError } from './errors';
import type { Inbox, InboxEvent } from './inbox';
import { LabelCatalog } from './label-catalog';
import type { LinearApi } from './linear-api';
import type { Logger } from './logger';
import { processIssueEvent, type EventContext } from './process-issue-event';
import { rankChange } from './rerank';
import type { ScoreLinks } from './score-links';
import { syncWorkspace } from './sync-workspace';
import { readTeamBacklog } from './team-backlog';
import { teamLock, type TeamLock } from './team-lock';
import { IssueEventSchema } from './webhook-payload';
import { describeRefusal, writeInBatches } from './write-in-batches';

export interface WorkerOptions {
  api: LinearApi;
  inbox: Inbox;
  okrs: Okrs;
  settings: Settings;
  links: ScoreLinks;
  log: Logger;
  today: () => string;
  /** The clock: passed in so tests can move time on without waiting for it. */
  now?: () => number;
  /** Quiet time before a team is re-ranked; a burst of events gives one re-rank. */
  rerankDelayMs?: number;
  /** First retry delay for an event that failed transiently; doubles up to an hour. */
  retryDelayMs?: number;
  /** Every team is synced at start and then this often; without it, never. */
  syncEveryMs?: number;
  /** How long a closed event (and its fingerprint) is kept to recognise redeliveries. */
  doneRetentionMs?: number;
}

/**
 * After this many unexpected failures (not Linear being unavailable) an event is set aside for
 * a person. Linear outages are retried for as long as they last: the event was promised.
 */
const MAX_ATTEMPTS = 12;
const BATCH = 100;
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
 * are processed on restart. Syncs every team at start and every `syncEveryMs`, between
 * events, so a sync and an event never write to one issue at once.
 */
export class Worker {
  readonly catalog = new LabelCatalog();
  private readonly ctx: EventContext;
  private readonly reranks: Debouncer;
  private readonly teamLock: TeamLock = teamLock();
  private readonly now: () => number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];
  private nextSyncAt: number | null;
  reranksRun = 0;
  syncsRun = 0;

  constructor(private readonly options: WorkerOptions) {
    this.now = options.now ?? Date.now;
    this.nextSyncAt = options.syncEveryMs === undefined ? null : this.now();
    const ownSortOrders = new Map<string, number>();
    this.reranks = debounce(
      options.rerankDelayMs ?? 2_000,
      (teamId) => this.rerank(teamId, ownSortOrders),
      (teamId, error) =>
        options.log.error('re-rank failed', { team: teamId, error: (error as Error).message }),
    );
    this.ctx = {
      api: options.api,
      catalog: this.catalog,
      inbox: options.inbox,
      okrs: options.okrs,
      settings: options.settings,
      links: options.links,
      today: options.today,
      now: this.now,
      log: options.log,
      ownSortOrders,
      rankChanged: (teamId) => {
        if (options.settings.rankAutomatically) {
          options.inbox.markTeam(teamId, this.now());
          this.reranks.trigger(teamId);
        }
      },
    };
  }

  start(): void {
    this.running = true;
    // Re-ranks that were due when the last run stopped.
    if (this.options.settings.rankAutomatically) {
      this.options.inbox.markedTeams().forEach((teamId) => this.reranks.trigger(teamId));
    }
    this.loop = this.run();
  }

  /** Something was accepted (or the clock moved): look now rather than at the next timer. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    this.reranks.cancel();
  }

  /** Resolves when no event or sync is due and no re-rank is waiting (tests, benches, shutdown). */
  async settle(): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        this.wake();
      });
      await this.reranks.flush();
      if (this.options.inbox.due(this.now(), 1).length === 0 && !this.syncDue()) {
        return;
      }
    }
  }

  private syncDue(): boolean {
    return this.nextSyncAt !== null && this.now() >= this.nextSyncAt;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (this.syncDue()) {
          await this.sync();
          continue;
        }
        const batch = this.options.inbox.due(this.now(), BATCH);
        if (batch.length === 0) {
          if (this.prune() === PRUNE_BATCH) {
            // More to prune: one batch at a time, letting webhooks and due events in between.
            await new Promise((resolve) => setImmediate(resolve));
            continue;
          }
          this.idleWaiters.splice(0).forEach((resolve) => resolve());
          await this.sleepUntilWoken();
          continue;
        }
        await this.drain(batch);
      } catch (error) {
        // The inbox itself failed (disk, lock): keep the loop alive and try again shortly.
        this.options.log.error('worker failed; retrying', { error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  /** Deletes one batch of events closed before the retention window; returns how many. */
  private prune(): number {
    const before = this.now() - (this.options.doneRetentionMs ?? DONE_RETENTION_MS);
    return this.options.inbox.pruneDone(before, PRUNE_BATCH);
  }

  private async sync(): Promise<void> {
    const every = this.options.syncEveryMs ?? 0;
    let failed = true;
    try {
      const result = await syncWorkspace(
        { ...this.ctx, teamLock: this.teamLock },
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

  private async drain(batch: readonly InboxEvent[]): Promise<void> {
    for (const event of batch) {
      if (!this.running || this.syncDue()) {
        return;
      }
      // A burst for one issue is handled once, with its newest payload.
      const newest = event.issueId === null ? event : this.options.inbox.newestFor(event.issueId);
      if (newest !== undefined) {
        await this.handle(newest);
      }
    }
  }

  private sleepUntilWoken(): Promise<void> {
    const next = Math.min(this.options.inbox.nextDue() ?? Infinity, this.nextSyncAt ?? Infinity);
    const wait = Number.isFinite(next) ? Math.max(10, Math.min(60_000, next - this.now())) : 60_000;
    return new Promise((resolve) => {
      const timer = setTimeout(done, wait);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async handle(event: InboxEvent): Promise<void> {
    const { inbox, log } = this.options;
    const parsed = IssueEventSchema.safeParse(parseJson(event.payload));
    if (!parsed.success) {
      // Retrying cannot make a stored row readable: keep it for a person instead.
      log.error('stored event cannot be read; set aside', { delivery: event.delivery });
      inbox.setAsideEvent(event.seq, 'set aside: the stored payload is not an Issue event');
      return;
    }
    const issue = parsed.data.data.identifier;
    try {
      const outcome = await processIssueEvent(this.ctx, parsed.data);
      inbox.close(event, outcome);
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof PermanentLinearError) {
        log.error('event closed without applying it', {
          issue,
          delivery: event.delivery,
          error: message,
        });
        inbox.close(event, `failed: ${message}`);
        return;
      }
      const outage = error instanceof TransientLinearError;
      if (!outage && event.attempts + 1 >= MAX_ATTEMPTS) {
        log.error('event failed too often; set aside', {
          issue,
          delivery: event.delivery,
          error: message,
        });
        inbox.setAsideEvent(event.seq, `set aside after ${MAX_ATTEMPTS} failures: ${message}`);
        return;
      }
      const backoff = Math.min(
        3_600_000,
        (this.options.retryDelayMs ?? 5_000) * 2 ** event.attempts,
      );
      const at = Math.max(this.now() + backoff, outage ? (error.retryAt ?? 0) : 0);
      log.warn('event will be retried', {
        issue,
        delivery: event.delivery,
        error: message,
        delayMs: at - this.now(),
      });
      inbox.retryLater(event, at, message);
    }
  }

  /** Waits for a sync of the same team to finish: both write `sortOrder`. */
  private rerank(teamId: string, ownSortOrders: Map<string, number>): Promise<void> {
    return this.teamLock.run(teamId, () => this.rerankTeam(teamId, ownSortOrders));
  }

  private async rerankTeam(teamId: string, ownSortOrders: Map<string, number>): Promise<void> {
    const { api, inbox, okrs, settings, log, today } = this.options;
    const readAt = this.now();
    const backlog = await readTeamBacklog(api, teamId, settings);
    const change = rankChange(backlog, okrs, settings, today());
    this.reranksRun++;
    if (change.sortOrders.size === 0) {
      inbox.unmarkTeam(teamId, readAt);
      return;
    }
    for (const [id, sortOrder] of change.sortOrders) {
      ownSortOrders.set(id, sortOrder);
    }
    const written = await writeInBatches(api, change.mutations);
    for (const refusal of written.refused) {
      ownSortOrders.delete(String(refusal.mutation.args.id));
      log.error(`${describeRefusal(refusal)}; the other moves were written`, {
        team: teamId,
        issue: refusal.mutation.target,
      });
    }
    inbox.unmarkTeam(teamId, readAt);
    log.info('re-ranked', {
      team: teamId,
      moves: change.moves,
      issuesWritten: change.sortOrders.size - written.refused.length,
      requests: written.requests,
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
