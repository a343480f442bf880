import { bauRule, decide, prepareKeyResults, type Okrs, type Settings } from '../../core/index';
import type { FieldIds } from '../api/field-ids';
import type { AppDeps } from '../deps';
import { snapshotFields, toSnapshot } from '../read/issue-snapshot';
import { backlogJql } from '../read/read-backlog';
import { saveRows, type RankRow, type ReconcileRun } from '../store/reconcile-run-store';
import { flushPending, mergePending } from './pending-writes';
import { planWrites } from './write-plan';

export interface StepLimits {
  /** Issues a search page asks for (Jira answers at most 100 with fields). */
  pageSize: number;
  /** Pages one queue event reads: bounds an invocation's time and the number of events. */
  pagesPerEvent: number;
  /** Rank calls one queue event makes. */
  rankCallsPerEvent: number;
}

export interface StepContext {
  deps: AppDeps;
  okrs: Okrs;
  settings: Settings;
  fields: FieldIds;
  limits: StepLimits;
  save: (run: ReconcileRun) => Promise<void>;
}

/**
 * One read step of a paged reconcile: reads up to `pagesPerEvent` pages from the run's page
 * token, judges each issue (a decision needs only the issue and the OKRs), folds the score and
 * label writes into the pending set and sends the full batches, and keeps the compact rank
 * input of the step for the Rank plan. Advances the run; the caller saves it.
 */
export async function readStep(ctx: StepContext, run: ReconcileRun): Promise<void> {
  const { deps, settings, fields, limits } = ctx;
  const book = prepareKeyResults(ctx.okrs, deps.today(), settings.scheduleBoost);
  const isBau = bauRule(settings);
  const rows: RankRow[] = [];
  let token = run.pageToken ?? undefined;
  let read = 0;
  for (let page = 0; page < limits.pagesPerEvent; page++) {
    const answer = await deps.app.searchPage(
      backlogJql(run.projectKey),
      snapshotFields(fields),
      token,
      limits.pageSize,
    );
    const issues = answer.issues.map((raw) => toSnapshot(raw, fields));
    const decisions = issues.map((s) => decide(s.snapshot, book, isBau));
    const byKey = new Map(issues.map((s) => [s.snapshot.key, s]));
    mergePending(run.pending, issues, planWrites(decisions, byKey, settings));
    for (const d of decisions) {
      const tier = d.icebox ? 2 : d.score === null ? 1 : 0;
      rows.push([d.issue.key, tier, d.score ?? 0, d.fixed ? 1 : 0]);
    }
    read += issues.length;
    token = answer.nextPageToken ?? undefined;
    if (token === undefined) {
      break;
    }
  }
  const last = token === undefined;
  if (run.ranks) {
    await saveRows(deps.store, run.projectKey, run.step, rows);
  }
  await flushPending(
    deps.app,
    run,
    { scoreField: fields.score, label: settings.iceboxLabel },
    last,
    ctx.save,
  );
  run.unreported.issuesRead += read;
  run.rowSteps = run.ranks ? run.step + 1 : 0;
  run.pageToken = token ?? null;
  run.step++;
  run.phase = !last ? 'read' : run.ranks ? 'rank' : 'done';
}
