import { plan, type Plan } from '../../core/index';
import { fieldIdsOf } from '../api/field-ids';
import type { JiraClient } from '../api/jira-client';
import type { AppDeps } from '../deps';
import type { JiraSnapshot } from '../read/issue-snapshot';
import { readBacklog } from '../read/read-backlog';
import { loadWorkspace, type Workspace } from '../store/workspace-store';
import { applyWrites, type WriteCounts } from './apply-writes';
import { planRanking } from './rerank';
import { planWrites } from './write-plan';

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
  const { issues } = await readBacklog(reader, app, [projectKey]);
  const byKey = new Map(issues.map((s) => [s.snapshot.key, s]));
  const result = plan({
    okrs: workspace.okrs,
    issues: issues.map((s) => s.snapshot),
    settings: workspace.settings,
    asOf: deps.today(),
  });
  return { workspace, plan: result, byKey, scoreField: ids.score };
}

export interface SyncBacklogResult {
  issuesRead: number;
  moves: number;
  writes: WriteCounts;
  skipped: string | null;
}

/**
 * Brings one project in line: scores, icebox labels and — when `rankAutomatically` is on, or
 * `rank-only` — Rank, each with the fewest writes.
 */
export async function syncBacklog(
  deps: AppDeps,
  projectKey: string,
  mode: 'all' | 'rank-only' = 'all',
  /** Who reads and writes: the app for background work, the user for "Re-rank backlog". */
  client: JiraClient = deps.app,
): Promise<SyncBacklogResult> {
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
    rank ? planRanking(result) : [],
  );
  return { issuesRead: byKey.size, moves: rank ? result.moves.length : 0, writes, skipped: null };
}
