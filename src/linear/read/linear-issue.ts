import type { Settings } from '../../core/index';
import type { ScoreLinks } from '../server/score-links';
import { toSnapshot, type LinearSnapshot } from './snapshot';

/**
 * What Keyrank reads of one Linear issue, for a single event and for a backlog page alike, and
 * how it becomes the core's snapshot: an issue scores the same whichever door it came through,
 * and always from what Linear holds now, never from a webhook body that may be old.
 */

/** The issue fields Keyrank reads (the score attachments are selected by each read). */
export const ISSUE_FIELDS = `id identifier title sortOrder estimate description updatedAt
        state { type }
        team { id }
        cycle { name number }
        labels(first: 250) { nodes { id name parent { id name } } }`;

export interface IssueNode {
  id: string;
  identifier: string;
  title: string;
  sortOrder: number;
  estimate?: number | null;
  description?: string | null;
  updatedAt?: string | null;
  state: { type: string };
  team: { id: string };
  cycle?: { name?: string | null; number?: number | null } | null;
  labels: {
    nodes: { id: string; name: string; parent?: { id: string; name: string } | null }[];
  };
  attachments?: {
    nodes: {
      id: string;
      title: string;
      subtitle?: string | null;
      metadata?: unknown;
      url: string;
    }[];
  };
}

/** The attachment fields Keyrank reads: the id is what deletes an older link. */
export const ATTACHMENT_FIELDS = 'id title subtitle metadata url';

/** One issue as Linear holds it, with its snapshot for the core. */
export interface LinearIssue {
  id: string;
  identifier: string;
  teamId: string;
  sortOrder: number;
  /** ISO time of Linear's last change, when read. */
  updatedAt: string | null;
  labels: { id: string; name: string }[];
  attachment: { title: string; subtitle?: string | null; metadata?: unknown } | undefined;
  /** Keyrank's own older attachments on the issue (unsigned, or a rotated secret's): stale. */
  oldAttachmentIds: string[];
  read: LinearSnapshot;
}

/**
 * With `links`, the attachment with exactly the issue's current score link is Keyrank's, and
 * any older link of Keyrank's to the same issue among those read is marked for deletion.
 */
export function linearIssue(
  node: IssueNode,
  settings: Settings,
  links: ScoreLinks | undefined,
): LinearIssue {
  const attachments = links === undefined ? [] : (node.attachments?.nodes ?? []);
  const url = links?.url(node.identifier);
  return {
    id: node.id,
    identifier: node.identifier,
    teamId: node.team.id,
    sortOrder: node.sortOrder,
    updatedAt: node.updatedAt ?? null,
    labels: node.labels.nodes.map((l) => ({ id: l.id, name: l.name })),
    attachment: attachments.find((a) => a.url === url),
    oldAttachmentIds: attachments
      .filter((a) => links?.isOlder(node.identifier, a.url) === true)
      .map((a) => a.id),
    read: toSnapshot(
      {
        identifier: node.identifier,
        title: node.title,
        stateType: node.state.type,
        labels: node.labels.nodes.map((l) => ({ name: l.name, group: l.parent?.name ?? null })),
        estimate: node.estimate,
        description: node.description,
        cycle:
          node.cycle?.name ??
          (typeof node.cycle?.number === 'number' ? `Cycle ${node.cycle.number}` : null),
      },
      settings,
    ),
  };
}
