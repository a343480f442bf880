import { decideIssue, isStarted } from '../../core/index';
import { PermanentLinearError } from '../api/errors';
import { labelPage, type LabelCatalog, type LabelPage } from '../api/label-catalog';
import type { Mutation } from '../api/mutations';
import { UNSUCCESSFUL, writeInBatches } from '../api/write-in-batches';
import { isoTime } from '../clock';
import { completeIssue } from '../read/issue-overflow';
import {
  attachmentsField,
  ISSUE_FIELDS,
  linearIssue,
  type IssueNode,
  type LinearIssue,
} from '../read/linear-issue';
import { payloadIssue, payloadLabelIds } from '../read/payload-issue';
import type { IssueEvent } from '../read/webhook-payload';
import type { KnownIssue, KnownIssues } from '../store/known-issues';
import type { ScoreStore } from '../store/score-store';
import { issueDifference } from './issue-difference';
import { knownAfterWrite } from './known-after-write';
import type { OwnSortOrders } from './own-sort-orders';
import type { SyncContext } from './sync-context';
import type { TeamSuggesters } from './team-suggesters';

export interface IssueSyncContext extends SyncContext {
  catalog: LabelCatalog;
  scores: ScoreStore;
  /** What Keyrank knows each issue holds: events on known issues are decided without a read. */
  known: KnownIssues;
  /** Each team's KR suggester, from its last backlog read: an event reads nothing more for it. */
  suggesters: TeamSuggesters;
  /** Sort orders Keyrank wrote, by issue id: their echoes are not a reason to re-rank. */
  ownSortOrders: OwnSortOrders;
  /** Called when the team's order may have to change. */
  rankChanged: (teamId: string) => Promise<void>;
}

/** `stale`: the payload is not newer than what was already applied (a late retry, a replay). */
export type SyncIssueOutcome = 'removed' | 'stale' | 'unchanged' | 'written' | 'untouched';

/** How one event ended: its outcome, or the error that stopped it (the worker retries or closes). */
export type IssueEventResult =
  { event: IssueEvent; outcome: SyncIssueOutcome } | { event: IssueEvent; error: unknown };

/** One event decided: the mutations it needs and what Linear holds once they are written. */
interface IssueEventPlan {
  event: IssueEvent;
  outcome: SyncIssueOutcome;
  mutations: Mutation[];
  known?: KnownIssue;
}

const ISSUE_READ = `query KeyrankIssue($id: String!, $page: String!, $withLabels: Boolean!, $labelsAfter: String) {
  issue(id: $id) {
    ${ISSUE_FIELDS}
    trashed
    ${attachmentsField('page')}
  }
  ${labelPage(' @include(if: $withLabels)')}
}`;

interface IssueRead {
  issue: IssueNode & { trashed?: boolean | null };
  issueLabels?: LabelPage;
}

/**
 * Issue events that arrived together, applied against what Linear holds now, and their
 * differences written together: one GraphQL document of aliased mutations per request, as
 * many per request as Linear's complexity limit allows (`writeInBatches`). Each event is
 * decided on its own (`planIssueEvent`); a change Linear refuses fails only its own event.
 */
export async function syncIssues(
  ctx: IssueSyncContext,
  events: readonly IssueEvent[],
): Promise<IssueEventResult[]> {
  const results: IssueEventResult[] = [];
  const plans: IssueEventPlan[] = [];
  for (const event of events) {
    try {
      plans.push(await planIssueEvent(ctx, event));
    } catch (error) {
      results.push({ event, error });
    }
  }
  const quiet = plans.filter((plan) => plan.mutations.length === 0);
  await ctx.known.remember(quiet.flatMap((plan) => (plan.known ? [plan.known] : [])));
  results.push(...quiet.map(({ event, outcome }) => ({ event, outcome })));

  const writing = plans.filter((plan) => plan.mutations.length > 0);
  if (writing.length === 0) {
    return results;
  }
  // Written down before the request: a crash before `remember` leaves these issues pending,
  // and their replayed events read Linear rather than trust a write that may not have landed.
  await ctx.known.markPending(writing.map((plan) => plan.event.data.id));
  const planOf = new Map<Mutation, IssueEventPlan>();
  writing.forEach((plan) => plan.mutations.forEach((mutation) => planOf.set(mutation, plan)));
  let refused;
  try {
    refused = (await writeInBatches(ctx.api, [...planOf.keys()])).refused;
  } catch (error) {
    return [...results, ...writing.map(({ event }) => ({ event, error }))];
  }
  const reasons = new Map<IssueEventPlan, string[]>();
  for (const refusal of refused) {
    const plan = planOf.get(refusal.mutation) as IssueEventPlan;
    reasons.set(plan, [...(reasons.get(plan) ?? []), refusal.reason]);
  }
  await ctx.known.remember(
    writing.flatMap((plan) => (plan.known && !reasons.has(plan) ? [plan.known] : [])),
  );
  await ctx.known.forget([...reasons.keys()].map((plan) => plan.event.data.id));
  for (const plan of writing) {
    const why = reasons.get(plan)?.filter((reason) => reason !== UNSUCCESSFUL) ?? [];
    if (why.length > 0) {
      // Most often a label deleted in Linear since the catalogue was read: read it afresh next time.
      ctx.catalog.invalidate();
      results.push({ event: plan.event, error: new PermanentLinearError(why.join('; ')) });
      continue;
    }
    if (reasons.has(plan)) {
      ctx.log.warn('Linear did not apply every change', { issue: plan.event.data.identifier });
    }
    results.push({ event: plan.event, outcome: 'written' });
  }
  return results;
}

/**
 * One Issue event, decided against what Linear holds now, at the fewest requests:
 *
 * - a payload not newer than the version Keyrank already applied is a late retry or a
 *   replay: nothing to do, no request;
 * - a payload on an issue Keyrank knows, whose labels agree with what Keyrank last wrote, is
 *   Linear's own account of the issue at its `updatedAt` (newer than anything applied): the
 *   decision comes from it and the attachment Keyrank knows it wrote, no read;
 * - anything else (first sight, a label the catalogue lacks, a write that may not have
 *   landed, labels that disagree) reads the issue once, and decides from the read.
 */
async function planIssueEvent(ctx: IssueSyncContext, event: IssueEvent): Promise<IssueEventPlan> {
  const data = event.data;
  if (event.action === 'remove' || data.trashed === true) {
    await ctx.rankChanged(data.teamId);
    return { event, outcome: 'removed', mutations: [] };
  }
  const known = await ctx.known.get(data.id);
  if (known !== undefined && !isNewer(data.updatedAt, known.issue.updatedAt)) {
    return { event, outcome: 'stale', mutations: [] };
  }
  const labelsKnown = ctx.catalog.knows(payloadLabelIds(data));
  let issue: LinearIssue;
  if (
    known !== undefined &&
    !known.pending &&
    labelsKnown &&
    Number.isFinite(Date.parse(data.updatedAt ?? '')) &&
    agreesWithKnown(ctx, event, known.issue)
  ) {
    issue = payloadIssue(data, known.issue, ctx.catalog, ctx.settings);
  } else {
    const read = await readIssue(ctx, data, !labelsKnown);
    if (read === 'trashed') {
      return { event, outcome: 'removed', mutations: [] };
    }
    issue = read;
  }

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

  const before = await ctx.scores.get(issue.identifier);
  await ctx.scores.save({
    identifier: issue.identifier,
    title: issue.read.snapshot.title,
    score: decision.score,
    icebox: decision.icebox,
    explanation: difference.attachment.subtitle,
    problems: difference.attachment.metadata.problems as string[],
    updatedAt: isoTime(ctx.now()),
  });
  if (rankMayChange(ctx, event, issue, before, decision.score, decision.icebox)) {
    await ctx.rankChanged(issue.teamId);
  }

  const after = knownAfterWrite(issue, difference);
  if (isStarted(decision.issue.status)) {
    return { event, outcome: 'untouched', mutations: [], known: after };
  }
  const outcome = difference.mutations.length === 0 ? 'unchanged' : 'written';
  return { event, outcome, mutations: difference.mutations, known: after };
}

/** The one read of an issue (and of the label catalogue, when a label is new to it). */
async function readIssue(
  ctx: IssueSyncContext,
  data: IssueEvent['data'],
  withLabels: boolean,
): Promise<LinearIssue | 'trashed'> {
  // Every link Keyrank made for the issue starts so: the current one and any older ones.
  const page = ctx.links.page(data.identifier);
  const read = await ctx.api.read<IssueRead>(ISSUE_READ, {
    id: data.id,
    page,
    withLabels,
    labelsAfter: null,
  });
  if (withLabels && read.issueLabels) {
    await ctx.catalog.fill(read.issueLabels, ctx.api);
  }
  if (read.issue.trashed === true) {
    await ctx.rankChanged(read.issue.team.id);
    return 'trashed';
  }
  return linearIssue(await completeIssue(ctx.api, read.issue, page), ctx.settings, ctx.links);
}

/**
 * Whether a payload can stand for what Linear holds: the issue is where Keyrank last saw it,
 * and it carries the icebox label exactly when Keyrank's last write left it so, unless the
 * payload's own `updatedFrom` says a person changed the labels from that state. Anything else
 * (a change Keyrank never heard of, a write of its own that did not land) is read.
 */
function agreesWithKnown(ctx: IssueSyncContext, event: IssueEvent, known: KnownIssue): boolean {
  const { data } = event;
  if (known.teamId !== data.teamId || known.identifier !== data.identifier) {
    return false;
  }
  const wanted = ctx.settings.iceboxLabel.trim().toLowerCase();
  const names = new Map(data.labels.map((label) => [label.id, label.name]));
  const carriesIcebox = (ids: readonly unknown[]): boolean =>
    ids.some((id) => {
      const name = names.get(String(id)) ?? ctx.catalog.get(String(id))?.name;
      return name?.trim().toLowerCase() === wanted;
    });
  const before = carriesIcebox(known.labelIds);
  if (carriesIcebox(payloadLabelIds(data)) === before) {
    return true;
  }
  const previous = event.updatedFrom?.labelIds;
  return Array.isArray(previous) && carriesIcebox(previous) === before;
}

/** Whether `sent` is a later version than `applied`; an unreadable time is not called stale. */
function isNewer(sent: string | null | undefined, applied: string): boolean {
  const sentAt = Date.parse(sent ?? '');
  const appliedAt = Date.parse(applied);
  return !Number.isFinite(sentAt) || !Number.isFinite(appliedAt) || sentAt > appliedAt;
}

/**
 * Whether the team's order may have to change. The score and the Icebox come from the
 * decision; the payload's `updatedFrom` is trusted only when the payload is Linear's latest
 * word on the issue (a stale payload's hints were already acted on by the newer event's).
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
