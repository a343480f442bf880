import { isStarted, type IssueDecision, type KrSuggestion } from '../../core/index';
import type { LabelCatalog } from '../api/label-catalog';
import type { Mutation } from '../api/mutations';
import type { ScoreLinks } from '../server/score-links';
import { attachmentFor, sameAttachment, type AttachmentContent } from './attachment';

/** What Linear holds now for an issue that Keyrank may change. */
export interface IssueState {
  id: string;
  teamId: string;
  labels: readonly { id: string; name: string }[];
  attachment: { title: string; subtitle?: string | null; metadata?: unknown } | undefined;
  /** Keyrank's own older attachments on the issue, which now lead to a 404. */
  oldAttachmentIds: readonly string[];
}

export interface IssueDifference {
  mutations: Mutation[];
  /** Set when the icebox label is needed but the workspace has none: run `keyrank linear setup`. */
  missingIceboxLabel: boolean;
  attachment: AttachmentContent;
}

/**
 * The mutations that bring one issue in line with the core's decision: the icebox label on or
 * off, the score attachment when its content differs, and Keyrank's own older attachments
 * (seen in the read already made) deleted. Empty when nothing differs, so an
 * echo of Keyrank's own write ends here. Started and finished issues are never touched.
 */
export function issueDifference(
  decision: IssueDecision,
  extraProblems: readonly string[],
  state: IssueState,
  catalog: LabelCatalog,
  iceboxLabel: string,
  links: ScoreLinks,
  /** The top suggested key result, shown on an iceboxed issue's attachment. */
  suggestion?: KrSuggestion,
): IssueDifference {
  const attachment = attachmentFor(decision, extraProblems, links, suggestion);
  const mutations: Mutation[] = [];
  if (isStarted(decision.issue.status)) {
    return { mutations, missingIceboxLabel: false, attachment };
  }
  const wanted = iceboxLabel.toLowerCase();
  // By name, from the read: a label made after the catalogue was loaded is still recognised.
  const carried = state.labels
    .filter((label) => label.name.trim().toLowerCase() === wanted)
    .map((label) => label.id);
  let missingIceboxLabel = false;
  if (decision.icebox && carried.length === 0) {
    const label = catalog.findApplicable(iceboxLabel, state.teamId);
    if (label === undefined) {
      missingIceboxLabel = true;
    } else {
      mutations.push({
        name: 'issueAddLabel',
        target: decision.issue.key,
        args: { id: state.id, labelId: label.id },
      });
    }
  } else if (!decision.icebox) {
    for (const labelId of carried) {
      mutations.push({
        name: 'issueRemoveLabel',
        target: decision.issue.key,
        args: { id: state.id, labelId },
      });
    }
  }
  if (!sameAttachment(state.attachment, attachment)) {
    mutations.push({
      name: 'attachmentCreate',
      target: decision.issue.key,
      args: {
        input: {
          issueId: state.id,
          url: attachment.url,
          title: attachment.title,
          subtitle: attachment.subtitle,
          metadata: attachment.metadata,
        },
      },
    });
  }
  // After the upsert: Linear stops at a refused mutation, so an issue is never left without one.
  for (const id of state.oldAttachmentIds) {
    mutations.push({ name: 'attachmentDelete', target: decision.issue.key, args: { id } });
  }
  return { mutations, missingIceboxLabel, attachment };
}
