import type { Settings } from '../core/index';
import { toSnapshot, type LinearSnapshot } from './snapshot';

/**
 * What Keyrank reads of one Linear issue, for a single event and for a backlog page alike, and
 * how it becomes the core's snapshot: an issue scores the same whichever door it came through,
 * and always from what Linear holds now, never from a webhook body that may be old.
 */

/** The issue fields Keyrank reads; `$url` selects the score attachments. */
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
    nodes: { title: string; subtitle?: string | null; metadata?: unknown; url: string }[];
  };
}

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
  read: LinearSnapshot;
}

/** `attachmentUrl` is the issue's score link: the attachment with exactly that URL is Keyrank's. */
export function linearIssue(
  node: IssueNode,
  settings: Settings,
  attachmentUrl: (identifier: string) => string,
): LinearIssue {
  const url = attachmentUrl(node.identifier);
  return {
    id: node.id,
    identifier: node.identifier,
    teamId: node.team.id,
    sortOrder: node.sortOrder,
    updatedAt: node.updatedAt ?? null,
    labels: node.labels.nodes.map((l) => ({ id: l.id, name: l.name })),
    attachment: node.attachments?.nodes.find((a) => a.url === url),
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
