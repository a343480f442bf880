import { bauRule, decide, prepareKeyResults, type Okrs, type Settings } from '../core/index';
import { attachmentUrl } from './attachment';
import { PermanentLinearError } from './errors';
import { issueDifference } from './issue-difference';
import type { Inbox } from './inbox';
import { labelPage, type LabelCatalog, type LabelPage } from './label-catalog';
import type { LinearApi } from './linear-api';
import type { Logger } from './logger';
import { failedMutations, mutationDocument } from './mutations';
import { toSnapshot } from './snapshot';
import type { IssueEvent } from './webhook-payload';

export interface EventContext {
  api: LinearApi;
  catalog: LabelCatalog;
  inbox: Inbox;
  okrs: Okrs;
  settings: Settings;
  publicUrl: string;
  today: () => string;
  log: Logger;
  /** Sort orders Keyrank wrote, by issue id: their echoes are not a reason to re-rank. */
  ownSortOrders: Map<string, number>;
  /** Called when the team's order may have to change. */
  rankChanged: (teamId: string) => void;
}

export type EventOutcome = 'removed' | 'unchanged' | 'written' | 'untouched';

const ISSUE_READ = `query KeyrankIssue($id: String!, $url: String!, $withLabels: Boolean!, $labelsAfter: String) {
  issue(id: $id) {
    id
    attachments(filter: { url: { eq: $url } }) { nodes { id title subtitle metadata } }
  }
  ${labelPage(' @include(if: $withLabels)')}
}`;

interface IssueRead {
  issue: {
    id: string;
    attachments: {
      nodes: { id: string; title: string; subtitle?: string | null; metadata?: unknown }[];
    };
  };
  issueLabels?: LabelPage;
}

/**
 * One Issue event: the snapshot comes from the payload; Linear is asked only for what the
 * payload lacks (the score attachment, and label group names the first time they are seen),
 * in one read; the difference goes back in at most one write.
 */
export async function processIssueEvent(
  ctx: EventContext,
  event: IssueEvent,
): Promise<EventOutcome> {
  const data = event.data;
  if (event.action === 'remove' || data.trashed === true) {
    ctx.rankChanged(data.teamId);
    return 'removed';
  }

  const labelIds = data.labels.map((l) => l.id);
  const withLabels = !ctx.catalog.knows([
    ...labelIds,
    ...data.labels.flatMap((l) => (l.parentId ? [l.parentId] : [])),
  ]);
  const url = attachmentUrl(ctx.publicUrl, data.identifier);
  const read = await ctx.api.read<IssueRead>(ISSUE_READ, {
    id: data.id,
    url,
    withLabels,
    labelsAfter: null,
  });
  if (withLabels && read.issueLabels) {
    await ctx.catalog.fill(read.issueLabels, ctx.api);
  }

  const { snapshot, problems } = toSnapshot(
    {
      identifier: data.identifier,
      title: data.title,
      stateType: data.state.type,
      labels: data.labels.map((l) => ({ name: l.name, group: ctx.catalog.groupName(l) })),
      estimate: data.estimate,
      description: data.description,
      cycle:
        data.cycle?.name ??
        (typeof data.cycle?.number === 'number' ? `Cycle ${data.cycle.number}` : null),
    },
    ctx.settings,
  );
  const book = prepareKeyResults(ctx.okrs, ctx.today(), ctx.settings.scheduleBoost);
  const decision = decide(snapshot, book, bauRule(ctx.settings));
  const difference = issueDifference(
    decision,
    problems,
    {
      id: data.id,
      teamId: data.teamId,
      labelIds: labelIds.length > 0 ? labelIds : data.labelIds,
      attachment: read.issue.attachments.nodes[0],
    },
    ctx.catalog,
    ctx.settings.iceboxLabel,
    ctx.publicUrl,
  );
  if (difference.missingIceboxLabel) {
    ctx.log.warn('the icebox label does not exist in Linear; run "keyrank linear setup"', {
      issue: data.identifier,
      label: ctx.settings.iceboxLabel,
    });
  }

  const before = ctx.inbox.score(data.identifier);
  ctx.inbox.saveScore({
    identifier: data.identifier,
    title: data.title,
    score: decision.score,
    icebox: decision.icebox,
    explanation: difference.attachment.subtitle,
    problems: difference.attachment.metadata.problems as string[],
    updatedAt: new Date().toISOString(),
  });
  if (rankMayChange(ctx, event, before, decision.score, decision.icebox)) {
    ctx.rankChanged(data.teamId);
  }

  if (decision.issue.status === 'in_progress' || decision.issue.status === 'done') {
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
    ctx.log.warn('Linear did not apply every change', { issue: data.identifier, failed });
  }
  return 'written';
}

function rankMayChange(
  ctx: EventContext,
  event: IssueEvent,
  before: { score: number | null; icebox: boolean } | undefined,
  score: number | null,
  icebox: boolean,
): boolean {
  if (event.action === 'create' || before === undefined) {
    return true;
  }
  if (before.icebox !== icebox || before.score !== score) {
    return true;
  }
  const changed = Object.keys(event.updatedFrom ?? {});
  if (changed.includes('stateId')) {
    return true;
  }
  // Someone dragged the issue: re-rank, unless this is the echo of Keyrank's own move.
  return (
    changed.includes('sortOrder') && ctx.ownSortOrders.get(event.data.id) !== event.data.sortOrder
  );
}
