import { plan, type IssueDecision, type Move, type Okrs, type Settings } from '../core/index';
import type { AttachmentContent } from './attachment';
import { issueDifference } from './issue-difference';
import type { LabelCatalog } from './label-catalog';
import type { LinearApi } from './linear-api';
import type { Mutation } from './mutations';
import { sortOrderWrites } from './rerank';
import type { ScoreLinks } from './score-links';
import { readTeamBacklog, type TeamRef } from './team-backlog';
import { writeInBatches, type BatchWriteResult } from './write-in-batches';

export interface SyncedIssue {
  decision: IssueDecision;
  /** The Linear issue id and the attachment Keyrank wants on it; absent for an issue not read. */
  linear?: { id: string; attachment: AttachmentContent };
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
  onPage?: (issuesRead: number) => void;
}): Promise<TeamSyncPlan> {
  const { api, catalog, team, settings, links } = input;
  const backlog = await readTeamBacklog(api, team.id, settings, {
    links,
    ...(input.onPage && { onPage: input.onPage }),
  });
  const result = plan({
    okrs: input.okrs,
    issues: backlog.map((issue) => issue.read.snapshot),
    settings,
    asOf: input.asOf,
  });
  const byKey = new Map(backlog.map((issue) => [issue.identifier, issue]));
  const mutations: Mutation[] = [];
  const warnings = new Set<string>();
  const issues: SyncedIssue[] = result.issues.map((decision) => {
    const issue = byKey.get(decision.issue.key);
    if (issue === undefined) {
      return { decision, iceboxChange: null, attachmentChange: false, oldLinksRemoved: 0 };
    }
    const difference = issueDifference(
      decision,
      issue.read.problems,
      {
        id: issue.id,
        teamId: team.id,
        labels: issue.labels,
        attachment: issue.attachment,
        oldAttachmentIds: issue.oldAttachmentIds,
      },
      catalog,
      settings.iceboxLabel,
      links,
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
      linear: { id: issue.id, attachment: difference.attachment },
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
