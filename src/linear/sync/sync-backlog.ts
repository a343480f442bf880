import {
  plan,
  type IssueDecision,
  type KrSuggestion,
  type Move,
  type Okrs,
  type Settings,
} from '../../core/index';
import type { LabelCatalog } from '../api/label-catalog';
import type { LinearApi } from '../api/linear-api';
import type { Mutation } from '../api/mutations';
import { describeRefusal, writeInBatches, type BatchWriteResult } from '../api/write-in-batches';
import { isoTime } from '../clock';
import type { TeamLock } from '../queue/team-lock';
import { listTeams, readTeamBacklog, type TeamRef } from '../read/team-backlog';
import type { ScoreLinks } from '../server/score-links';
import type { EventQueue } from '../store/event-queue';
import type { KnownIssue, KnownIssues } from '../store/known-issues';
import type { RerankMarks } from '../store/rerank-marks';
import type { ScoreStore } from '../store/score-store';
import type { AttachmentContent } from './attachment';
import { issueDifference } from './issue-difference';
import { knownAfterWrite } from './known-after-write';
import type { OwnSortOrders } from './own-sort-orders';
import { sortOrderWrites } from './rerank';
import type { SyncContext } from './sync-context';
import { TeamSuggesters } from './team-suggesters';

export interface SyncedIssue {
  decision: IssueDecision;
  /**
   * The Linear issue id, the attachment Keyrank wants on it and what the issue holds once the
   * plan is written; absent for an issue not read.
   */
  linear?: { id: string; attachment: AttachmentContent; known: KnownIssue };
  /** An iceboxed issue's top suggested key result, as its attachment names it. */
  suggestion?: KrSuggestion;
  iceboxChange: 'on' | 'off' | null;
  attachmentChange: boolean;
  /** Keyrank's own older attachments (unsigned, or signed with a rotated secret) to delete. */
  oldLinksRemoved: number;
}

export interface TeamSyncPlan {
  team: TeamRef;
  issues: SyncedIssue[];
  moves: Move[];
  /** Every write: label and attachment changes, then the new sort orders. */
  mutations: Mutation[];
  /** Issue id → the sortOrder among `mutations`, so their webhook echoes can be recognised. */
  sortOrders: Map<string, number>;
  warnings: string[];
}

/**
 * `keyrank linear sync`: the whole team backlog read page by page, scored and ranked by the
 * core, and the difference as mutations (applied in batches of several per request).
 */
export async function planTeamSync(input: {
  api: LinearApi;
  catalog: LabelCatalog;
  team: TeamRef;
  okrs: Okrs;
  settings: Settings;
  links: ScoreLinks;
  asOf: string;
  /** Where the team's suggester is kept for the events that follow (keyrank serve). */
  suggesters?: TeamSuggesters;
  onPage?: (issuesRead: number) => void;
}): Promise<TeamSyncPlan> {
  const { api, catalog, team, settings, links } = input;
  const backlog = await readTeamBacklog(api, team.id, settings, {
    links,
    ...(input.onPage && { onPage: input.onPage }),
  });
  const snapshots = backlog.map((issue) => issue.read.snapshot);
  const result = plan({ okrs: input.okrs, issues: snapshots, settings, asOf: input.asOf });
  // The same suggester single events use afterwards, so an event on an issue the sync just wrote
  // finds the same suggestion and writes nothing.
  const suggesters = input.suggesters ?? new TeamSuggesters(input.okrs);
  suggesters.remember(team.id, snapshots);
  const byKey = new Map(backlog.map((issue) => [issue.identifier, issue]));
  const mutations: Mutation[] = [];
  const warnings = new Set<string>();
  const issues: SyncedIssue[] = result.issues.map((decision) => {
    const issue = byKey.get(decision.issue.key);
    if (issue === undefined) {
      return { decision, iceboxChange: null, attachmentChange: false, oldLinksRemoved: 0 };
    }
    const suggestion = decision.icebox
      ? suggesters.top(team.id, decision.issue, input.asOf)
      : undefined;
    const difference = issueDifference(
      decision,
      issue.read.problems,
      issue,
      catalog,
      settings.iceboxLabel,
      links,
      suggestion,
    );
    if (difference.missingIceboxLabel) {
      warnings.add(
        `the label "${settings.iceboxLabel}" does not exist: run "keyrank linear setup" first`,
      );
    }
    mutations.push(...difference.mutations);
    const names = difference.mutations.map((m) => m.name);
    return {
      decision,
      linear: {
        id: issue.id,
        attachment: difference.attachment,
        known: knownAfterWrite(issue, difference),
      },
      ...(suggestion !== undefined && { suggestion }),
      iceboxChange: names.includes('issueAddLabel')
        ? 'on'
        : names.includes('issueRemoveLabel')
          ? 'off'
          : null,
      attachmentChange: names.includes('attachmentCreate'),
      oldLinksRemoved: names.filter((name) => name === 'attachmentDelete').length,
    };
  });
  const order = settings.rankAutomatically
    ? sortOrderWrites(backlog, result.moves)
    : { sortOrders: new Map<string, number>(), mutations: [] };
  mutations.push(...order.mutations);
  return {
    team,
    issues,
    moves: settings.rankAutomatically ? result.moves : [],
    mutations,
    sortOrders: order.sortOrders,
    warnings: [...warnings],
  };
}

/** Applies the plan; a change Linear refuses is reported in the result, never stops the rest. */
export function applyTeamSync(
  api: LinearApi,
  syncPlan: TeamSyncPlan,
  onProgress?: (done: number, total: number) => void,
): Promise<BatchWriteResult> {
  return writeInBatches(api, syncPlan.mutations, (done) =>
    onProgress?.(done, syncPlan.mutations.length),
  );
}

export interface WorkspaceSyncContext extends SyncContext {
  catalog: LabelCatalog;
  events: EventQueue;
  scores: ScoreStore;
  /** Learns what every synced issue holds, so the events that follow need no read. */
  known: KnownIssues;
  /** Each team's KR suggester, refreshed by every sync for the events that follow. */
  suggesters: TeamSuggesters;
  reranks: RerankMarks;
  /** Sort orders Keyrank wrote, by issue id: their echoes are not a reason to re-rank. */
  ownSortOrders: OwnSortOrders;
  /** Held per team while it syncs, so a re-rank of the same team never runs at once. */
  teamLock: TeamLock;
}

export interface WorkspaceSyncResult {
  teams: number;
  failedTeams: number;
  /** Changes Linear refused; each was logged, and the team's other changes were written. */
  refusedChanges: number;
}

/**
 * The healing pass of `keyrank serve`: every team goes through the same plan and fewest writes
 * as `keyrank linear sync`, so whatever a missed or refused webhook would have changed is
 * changed now. Pending events the sync has overtaken are closed unread, and the score pages
 * are refreshed. One team failing never stops the others.
 */
export async function syncWorkspace(
  ctx: WorkspaceSyncContext,
  asOf: string,
): Promise<WorkspaceSyncResult> {
  const { api, log } = ctx;
  // Events stored before the reads below say nothing the reads do not.
  const upToSeq = await ctx.events.lastSeq();
  await ctx.catalog.load(api);
  const teams = await listTeams(api);
  let failedTeams = 0;
  let refusedChanges = 0;
  for (const team of teams) {
    try {
      refusedChanges += await ctx.teamLock.run(team.id, () => syncTeam(ctx, team, asOf, upToSeq));
    } catch (error) {
      failedTeams++;
      log.error('team sync failed; the next sync tries again', {
        team: team.key,
        error: (error as Error).message,
      });
    }
  }
  return { teams: teams.length, failedTeams, refusedChanges };
}

/** One team: read, plan, write, then settle the inbox. Returns the changes Linear refused. */
async function syncTeam(
  ctx: WorkspaceSyncContext,
  team: TeamRef,
  asOf: string,
  upToSeq: number,
): Promise<number> {
  const { api, log } = ctx;
  const readAt = ctx.now();
  const plan = await planTeamSync({
    api,
    catalog: ctx.catalog,
    team,
    okrs: ctx.okrs,
    settings: ctx.settings,
    links: ctx.links,
    asOf,
    suggesters: ctx.suggesters,
  });
  for (const [id, sortOrder] of plan.sortOrders) {
    ctx.ownSortOrders.remember(id, sortOrder);
  }
  // As for an event: until Linear answered, what these issues hold is not known.
  await ctx.known.markPending(plan.issues.flatMap(({ linear }) => (linear ? [linear.id] : [])));
  const written =
    plan.mutations.length > 0 ? await applyTeamSync(api, plan) : { requests: 0, refused: [] };
  const refusedIssues = new Set<string>();
  for (const refusal of written.refused) {
    refusedIssues.add(refusal.mutation.target);
    if (refusal.mutation.name === 'issueUpdate') {
      ctx.ownSortOrders.forget(String(refusal.mutation.args.id));
    }
    log.error(`${describeRefusal(refusal)}; the team's other changes were written`, {
      team: team.key,
      issue: refusal.mutation.target,
    });
  }
  const updatedAt = isoTime(ctx.now());
  const synced: string[] = [];
  for (const { decision, linear } of plan.issues) {
    if (linear === undefined) {
      continue;
    }
    // Its pending events stay: each is tried on its own, and fails or succeeds on its own.
    if (!refusedIssues.has(decision.issue.key)) {
      synced.push(linear.id);
    }
    await ctx.scores.save({
      identifier: decision.issue.key,
      title: decision.issue.title,
      score: decision.score,
      icebox: decision.icebox,
      explanation: linear.attachment.subtitle,
      problems: linear.attachment.metadata.problems as string[],
      updatedAt,
    });
  }
  await ctx.known.remember(
    plan.issues.flatMap(({ decision, linear }) =>
      linear && !refusedIssues.has(decision.issue.key) ? [linear.known] : [],
    ),
  );
  await ctx.known.forget(
    plan.issues.flatMap(({ decision, linear }) =>
      linear && refusedIssues.has(decision.issue.key) ? [linear.id] : [],
    ),
  );
  const eventsClosed = await ctx.events.closeSynced(synced, upToSeq);
  await ctx.reranks.unmark(team.id, readAt);
  log.info('team synced', {
    team: team.key,
    issues: synced.length,
    changes: plan.mutations.length,
    refused: written.refused.length,
    requests: written.requests,
    eventsClosed,
  });
  for (const warning of plan.warnings) {
    log.warn(warning, { team: team.key });
  }
  return written.refused.length;
}
