import { isStarted, plan, type Plan } from '../../core/index';
import { snapshotFields, toSnapshot, type JiraSnapshot } from '../client/issue-snapshot';
import type { JiraClient } from '../client/jira-client';
import { loadWorkspace, type Workspace } from '../storage/workspace-store';
import { applyWrites, type WriteCounts } from './apply-writes';
import { fieldIdsOf, type AppDeps } from './jira-deps';
import { rankBatches } from './rank-batches';
import { planWrites } from './write-plan';

/** Only open work: done issues are history, never moved or relabelled, so they are not read. */
export function backlogJql(projectKey: string): string {
  return `project = "${projectKey.replace(/["\\]/g, '')}" AND statusCategory != Done ORDER BY Rank ASC`;
}

export interface BacklogPlan {
  workspace: Workspace;
  plan: Plan;
  byKey: Map<string, JiraSnapshot>;
  scoreField: string;
}

/** Reads a project's open backlog in Rank order and plans it. `null` when no OKRs are usable. */
export async function planBacklog(
  deps: Pick<AppDeps, 'store' | 'today'>,
  reader: JiraClient,
  app: JiraClient,
  projectKey: string,
): Promise<BacklogPlan | { workspace: Workspace; plan: null }> {
  const workspace = await loadWorkspace(deps.store);
  if (workspace.okrs === null) {
    return { workspace, plan: null };
  }
  const ids = await fieldIdsOf(app);
  const issues = await reader.searchAll(backlogJql(projectKey), snapshotFields(ids));
  const snapshots = issues.map((issue) => toSnapshot(issue, ids));
  const byKey = new Map(snapshots.map((s) => [s.snapshot.key, s]));
  const result = plan({
    okrs: workspace.okrs,
    issues: snapshots.map((s) => s.snapshot),
    settings: workspace.settings,
    asOf: deps.today(),
  });
  return { workspace, plan: result, byKey, scoreField: ids.score };
}

export interface ReconcileResult {
  issuesRead: number;
  moves: number;
  writes: WriteCounts;
  skipped: string | null;
}

/**
 * Brings one project in line: scores, icebox labels and — when `rankAutomatically` is on, or
 * `rank: 'only'` for the "Re-rank backlog" button — Rank, each with the fewest writes.
 */
export async function reconcileProject(
  deps: AppDeps,
  projectKey: string,
  mode: 'all' | 'rank-only' = 'all',
  /** Who reads and writes: the app for background work, the user for "Re-rank backlog". */
  client: JiraClient = deps.app,
): Promise<ReconcileResult> {
  const planned = await planBacklog(deps, client, deps.app, projectKey);
  if (planned.plan === null) {
    return {
      issuesRead: 0,
      moves: 0,
      writes: { scoreRequests: 0, labelRequests: 0, rankRequests: 0 },
      skipped: planned.workspace.problems[0] ?? 'no OKR file is stored yet',
    };
  }
  const { workspace, byKey, scoreField } = planned;
  const result = planned.plan;
  const rank = mode === 'rank-only' || workspace.settings.rankAutomatically;
  const writesPlan =
    mode === 'rank-only'
      ? { scores: new Map<number | null, number[]>(), addLabel: [], removeLabel: [] }
      : planWrites(result.issues, byKey, workspace.settings);
  const writes = await applyWrites(
    client,
    scoreField,
    writesPlan,
    workspace.settings.iceboxLabel,
    rank ? batchesOf(result) : [],
  );
  return { issuesRead: byKey.size, moves: rank ? result.moves.length : 0, writes, skipped: null };
}

/** Rank calls for a plan: its target order, the issues its moves name, its fixed issues. */
export function batchesOf(result: Plan): ReturnType<typeof rankBatches> {
  const fixed = new Set(
    result.issues.filter((d) => d.bau || isStarted(d.issue.status)).map((d) => d.issue.key),
  );
  return rankBatches(
    result.issues.map((d) => d.issue.key),
    new Set(result.moves.map((m) => m.key)),
    (key) => fixed.has(key),
  );
}
