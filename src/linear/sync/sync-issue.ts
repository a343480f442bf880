import { decideIssue, isStarted } from '../../core/index';
import { PermanentLinearError } from '../api/errors';
import { labelPage, type LabelCatalog, type LabelPage } from '../api/label-catalog';
import { failedMutations, mutationDocument } from '../api/mutations';
import { isoTime } from '../clock';
import {
  ATTACHMENT_FIELDS,
  ISSUE_FIELDS,
  linearIssue,
  type IssueNode,
  type LinearIssue,
} from '../read/linear-issue';
import type { IssueEvent } from '../read/webhook-payload';
import type { ScoreStore } from '../store/score-store';
import { issueDifference } from './issue-difference';
import type { OwnSortOrders } from './own-sort-orders';
import type { SyncContext } from './sync-context';
import type { TeamSuggesters } from './team-suggesters';

export interface IssueSyncContext extends SyncContext {
  catalog: LabelCatalog;
  scores: ScoreStore;
  /** Each team's KR suggester, from its last backlog read: an event reads nothing more for it. */
  suggesters: TeamSuggesters;
  /** Sort orders Keyrank wrote, by issue id: their echoes are not a reason to re-rank. */
  ownSortOrders: OwnSortOrders;
  /** Called when the team's order may have to change. */
  rankChanged: (teamId: string) => void;
}

export type SyncIssueOutcome = 'removed' | 'unchanged' | 'written' | 'untouched';

const ISSUE_READ = `query KeyrankIssue($id: String!, $page: String!, $withLabels: Boolean!, $labelsAfter: String) {
  issue(id: $id) {
    ${ISSUE_FIELDS}
    trashed
    attachments(filter: { url: { startsWith: $page } }) { nodes { ${ATTACHMENT_FIELDS} } }
  }
  ${labelPage(' @include(if: $withLabels)')}
}`;

interface IssueRead {
  issue: IssueNode & { trashed?: boolean | null };
  issueLabels?: LabelPage;
}

/**
 * One Issue event, applied against what Linear holds now: the one read returns the issue as it
 * is (and the workspace labels the first time, or when the payload names a label not seen
 * yet), the decision comes from that read, never from the payload, and the difference goes
 * back in at most one write. An old, retried or replayed payload therefore finds nothing to
 * change and writes nothing.
 */
export async function syncIssue(
  ctx: IssueSyncContext,
  event: IssueEvent,
): Promise<SyncIssueOutcome> {
  const data = event.data;
  if (event.action === 'remove' || data.trashed === true) {
    ctx.rankChanged(data.teamId);
    return 'removed';
  }

  // The payload's labels only hint whether the catalogue is behind; the decision uses the read.
  const withLabels = !ctx.catalog.knows([
    ...data.labels.map((l) => l.id),
    ...data.labels.flatMap((l) => (l.parentId ? [l.parentId] : [])),
  ]);
  const read = await ctx.api.read<IssueRead>(ISSUE_READ, {
    id: data.id,
    // Every link Keyrank made for the issue starts so: the current one and any older ones.
    page: ctx.links.page(data.identifier),
    withLabels,
    labelsAfter: null,
  });
  if (withLabels && read.issueLabels) {
    await ctx.catalog.fill(read.issueLabels, ctx.api);
  }
  if (read.issue.trashed === true) {
    ctx.rankChanged(read.issue.team.id);
    return 'removed';
  }
  const issue = linearIssue(read.issue, ctx.settings, ctx.links);

  const today = ctx.today();
  const decision = decideIssue(issue.read.snapshot, ctx.okrs, ctx.settings, today);
  const difference = issueDifference(
    decision,
    issue.read.problems,
    issue,
    ctx.catalog,
    ctx.settings.iceboxLabel,
    ctx.links,
    decision.icebox ? ctx.suggesters.top(issue.teamId, issue.read.snapshot, today) : undefined,
  );
  if (difference.missingIceboxLabel) {
    ctx.log.warn('the icebox label does not exist in Linear; run "keyrank linear setup"', {
      issue: issue.identifier,
      label: ctx.settings.iceboxLabel,
    });
  }

  const before = ctx.scores.get(issue.identifier);
  ctx.scores.save({
    identifier: issue.identifier,
    title: issue.read.snapshot.title,
    score: decision.score,
    icebox: decision.icebox,
    explanation: difference.attachment.subtitle,
    problems: difference.attachment.metadata.problems as string[],
    updatedAt: isoTime(ctx.now()),
  });
  if (rankMayChange(ctx, event, issue, before, decision.score, decision.icebox)) {
    ctx.rankChanged(issue.teamId);
  }

  if (isStarted(decision.issue.status)) {
    return 'untouched';
  }
  if (difference.mutations.length === 0) {
    return 'unchanged';
  }
  const document = mutationDocument(difference.mutations);
  let result: Record<string, { success?: boolean } | null>;
  try {
    result = await ctx.api.write(document.query, document.variables);
  } catch (error) {
    if (error instanceof PermanentLinearError) {
      // Most often a label deleted in Linear since the catalogue was read: read it afresh next time.
      ctx.catalog.invalidate();
    }
    throw error;
  }
  const failed = failedMutations(result);
  if (failed.length > 0) {
    ctx.log.warn('Linear did not apply every change', { issue: issue.identifier, failed });
  }
  return 'written';
}

/**
 * Whether the team's order may have to change. The score and the Icebox come from the read;
 * the payload's `updatedFrom` is trusted only when the payload is Linear's latest word on the
 * issue (a stale payload's hints were already acted on by the newer event's).
 */
function rankMayChange(
  ctx: IssueSyncContext,
  event: IssueEvent,
  issue: LinearIssue,
  before: { score: number | null; icebox: boolean } | undefined,
  score: number | null,
  icebox: boolean,
): boolean {
  if (before === undefined || before.icebox !== icebox || before.score !== score) {
    return true;
  }
  if (isStale(event, issue)) {
    return false;
  }
  if (event.action === 'create') {
    return true;
  }
  const changed = Object.keys(event.updatedFrom ?? {});
  if (changed.includes('stateId')) {
    return true;
  }
  // Someone dragged the issue: re-rank, unless this is the echo of Keyrank's own move.
  return changed.includes('sortOrder') && !ctx.ownSortOrders.isOwn(issue.id, issue.sortOrder);
}

/** The payload predates what Linear holds now. */
function isStale(event: IssueEvent, issue: LinearIssue): boolean {
  const sent = Date.parse(event.data.updatedAt ?? '');
  const now = Date.parse(issue.updatedAt ?? '');
  return Number.isFinite(sent) && Number.isFinite(now) && sent < now;
}
