import type { Okrs, Settings } from '../core/index';
import type { Inbox } from './inbox';
import type { LabelCatalog } from './label-catalog';
import type { LinearApi } from './linear-api';
import type { Logger } from './logger';
import type { ScoreLinks } from './score-links';
import { listTeams, type TeamRef } from './team-backlog';
import type { TeamLock } from './team-lock';
import { applyTeamSync, planTeamSync } from './team-sync';
import { describeRefusal } from './write-in-batches';

export interface WorkspaceSyncContext {
  api: LinearApi;
  catalog: LabelCatalog;
  inbox: Inbox;
  okrs: Okrs;
  settings: Settings;
  links: ScoreLinks;
  log: Logger;
  now: () => number;
  /** Sort orders Keyrank wrote, by issue id: their echoes are not a reason to re-rank. */
  ownSortOrders: Map<string, number>;
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
  const { api, inbox, log } = ctx;
  // Events stored before the reads below say nothing the reads do not.
  const upToSeq = inbox.lastSeq();
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
  const { api, inbox, log } = ctx;
  const readAt = ctx.now();
  const plan = await planTeamSync({
    api,
    catalog: ctx.catalog,
    team,
    okrs: ctx.okrs,
    settings: ctx.settings,
    links: ctx.links,
    asOf,
  });
  for (const [id, sortOrder] of plan.sortOrders) {
    ctx.ownSortOrders.set(id, sortOrder);
  }
  const written =
    plan.mutations.length > 0 ? await applyTeamSync(api, plan) : { requests: 0, refused: [] };
  const refusedIssues = new Set<string>();
  for (const refusal of written.refused) {
    refusedIssues.add(refusal.mutation.target);
    if (refusal.mutation.name === 'issueUpdate') {
      ctx.ownSortOrders.delete(String(refusal.mutation.args.id));
    }
    log.error(`${describeRefusal(refusal)}; the team's other changes were written`, {
      team: team.key,
      issue: refusal.mutation.target,
    });
  }
  const updatedAt = new Date(ctx.now()).toISOString();
  const synced: string[] = [];
  for (const { decision, linear } of plan.issues) {
    if (linear === undefined) {
      continue;
    }
    // Its pending events stay: each is tried on its own, and fails or succeeds on its own.
    if (!refusedIssues.has(decision.issue.key)) {
      synced.push(linear.id);
    }
    inbox.saveScore({
      identifier: decision.issue.key,
      title: decision.issue.title,
      score: decision.score,
      icebox: decision.icebox,
      explanation: linear.attachment.subtitle,
      problems: linear.attachment.metadata.problems as string[],
      updatedAt,
    });
  }
  const eventsClosed = inbox.closeSynced(synced, upToSeq);
  inbox.unmarkTeam(team.id, readAt);
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
