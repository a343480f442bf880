import type { Settings } from '../../core/index';
import type { LabelCatalog } from '../api/label-catalog';
import type { KnownIssue } from '../store/known-issues';
import { linearIssue, type LinearIssue } from './linear-issue';
import type { IssueEvent } from './webhook-payload';

/** Every label id a payload names, with the group ids: the catalogue must know them all. */
export function payloadLabelIds(data: IssueEvent['data']): string[] {
  return [
    ...data.labelIds,
    ...data.labels.map((label) => label.id),
    ...data.labels.flatMap((label) => (label.parentId ? [label.parentId] : [])),
  ];
}

/**
 * The issue as a webhook payload says Linear holds it at the payload's `updatedAt`, with the
 * score attachment Keyrank knows it wrote (a payload never carries attachments). Only called
 * when the payload is newer than anything applied and agrees with what Keyrank knows; the
 * catalogue supplies the group names a payload leaves out.
 */
export function payloadIssue(
  data: IssueEvent['data'],
  known: KnownIssue,
  catalog: LabelCatalog,
  settings: Settings,
): LinearIssue {
  // The payload's names are Linear's now; the catalogue's may predate a rename.
  const named = new Map(data.labels.map((label) => [label.id, label]));
  const ids = data.labelIds.length > 0 ? data.labelIds : data.labels.map((label) => label.id);
  const labels = ids.flatMap((id) => {
    const label = named.get(id) ?? catalog.get(id);
    if (label === undefined) {
      return [];
    }
    const parent = label.parentId ? catalog.get(label.parentId) : undefined;
    return [{ id, name: label.name, parent: parent && { name: parent.name } }];
  });
  const issue = linearIssue(
    {
      id: data.id,
      identifier: data.identifier,
      title: data.title,
      sortOrder: data.sortOrder,
      estimate: data.estimate ?? null,
      description: data.description ?? null,
      updatedAt: data.updatedAt ?? null,
      state: { type: data.state.type },
      team: { id: data.teamId },
      cycle: data.cycle ?? null,
      labelIds: ids,
      labels: { nodes: labels },
    },
    settings,
    undefined,
  );
  return { ...issue, attachment: known.attachment ?? undefined };
}
