import type { LinearIssue } from '../read/linear-issue';
import type { KnownAttachment, KnownIssue } from '../store/known-issues';
import type { IssueDifference } from './issue-difference';

/**
 * What Linear holds for an issue once Keyrank's difference is written: its labels with the
 * icebox change applied and the attachment Keyrank upserted (or the one it found). Recorded
 * so the echo of the write, and every later event, is decided without reading the issue.
 */
export function knownAfterWrite(
  issue: LinearIssue,
  difference: Pick<IssueDifference, 'mutations' | 'attachment'>,
): KnownIssue {
  const labelIds = new Set(issue.labels.map((label) => label.id));
  let attachment = knownAttachment(issue.attachment);
  for (const mutation of difference.mutations) {
    if (mutation.name === 'issueAddLabel') {
      labelIds.add(String(mutation.args.labelId));
    } else if (mutation.name === 'issueRemoveLabel') {
      labelIds.delete(String(mutation.args.labelId));
    } else if (mutation.name === 'attachmentCreate') {
      const { title, subtitle, metadata } = difference.attachment;
      attachment = { title, subtitle, metadata };
    }
  }
  return {
    id: issue.id,
    identifier: issue.identifier,
    teamId: issue.teamId,
    // A read or a payload always carries it; an empty one makes every later payload newer.
    updatedAt: issue.updatedAt ?? '',
    labelIds: [...labelIds],
    attachment,
  };
}

function knownAttachment(attachment: LinearIssue['attachment']): KnownAttachment | null {
  if (attachment === undefined) {
    return null;
  }
  const metadata = attachment.metadata;
  return {
    title: attachment.title,
    subtitle: attachment.subtitle ?? '',
    metadata:
      metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)
        ? (metadata as Record<string, unknown>)
        : {},
  };
}
