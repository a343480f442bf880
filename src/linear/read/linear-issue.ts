import type { Settings } from '../../core/index';
import type { ScoreLinks } from '../server/score-links';
import { toSnapshot, type LinearSnapshot } from './snapshot';

/**
 * What Keyrank reads of one Linear issue, for a single event and for a backlog page alike, and
 * how it becomes the core's snapshot: an issue scores the same whichever door it came through,
 * and always from what Linear holds now, never from a webhook body that may be old.
 */

/** A label's fields Keyrank reads: the id writes (icebox), the group's name scores. */
export const LABEL_NODE_FIELDS = 'id name parent { name }';
/** The attachment fields Keyrank reads: the id is what deletes an older link. */
export const ATTACHMENT_FIELDS = 'id title subtitle metadata url';

/**
 * Labels read with each issue. Linear charges every label a connection could return (`first`),
 * read or not, so the bound is what keeps a backlog page under its complexity limit: Keyrank's
 * own labels (key results, Impact, Confidence, Reach, icebox) take about six, and the rest is
 * room for a team's own. An issue with more is read again in full (`readEveryLabel`): its
 * `labelIds`, a plain list that costs 0.1 point, says how many there are.
 */
export const LABELS_PER_ISSUE = 15;
/**
 * Keyrank's attachments read with each issue: its current score link, and older ones only
 * until they are deleted. More than this is read again in full (`readEveryAttachment`).
 */
export const ATTACHMENTS_PER_ISSUE = 5;

/** The issue fields Keyrank reads (the score attachments are selected by each read). */
export const ISSUE_FIELDS = `id identifier title sortOrder estimate description updatedAt labelIds
        state { type name }
        team { id }
        cycle { name number }
        labels(first: ${LABELS_PER_ISSUE}) { nodes { ${LABEL_NODE_FIELDS} } }`;

/**
 * The issue's score attachments: those whose URL starts with `$<urlVariable>`, bounded, with
 * whether there are more. `directive` lets a read include them only when it needs them.
 */
export const attachmentsField = (urlVariable: string, directive = ''): string =>
  `attachments(first: ${ATTACHMENTS_PER_ISSUE}, filter: { url: { startsWith: $${urlVariable} } })${directive} { nodes { ${ATTACHMENT_FIELDS} } pageInfo { hasNextPage } }`;

export interface IssueNode {
  id: string;
  identifier: string;
  title: string;
  sortOrder: number;
  estimate?: number | null;
  description?: string | null;
  updatedAt?: string | null;
  /** `name` ("In Review") is shown on the web roadmap; a webhook payload's issue may lack it. */
  state: { type: string; name?: string };
  team: { id: string };
  cycle?: CycleRef | null;
  /** Every label's id, however many the bounded `labels` left out. */
  labelIds: string[];
  labels: { nodes: LabelNode[] };
  attachments?: {
    nodes: AttachmentNode[];
    pageInfo?: { hasNextPage: boolean };
  };
}

export interface LabelNode {
  id: string;
  name: string;
  parent?: { name: string } | null;
}

export interface AttachmentNode {
  id: string;
  title: string;
  subtitle?: string | null;
  metadata?: unknown;
  url: string;
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
  /** Keyrank's own older attachments on the issue (unsigned, or a rotated secret's): stale. */
  oldAttachmentIds: string[];
  /** The workflow state's name ("In Review"), when read; the snapshot keeps only its type. */
  statusName: string | null;
  read: LinearSnapshot;
}

/** A cycle as an issue (or a team) names it. */
export interface CycleRef {
  name?: string | null;
  number?: number | null;
}

/**
 * The cycle's name as the snapshot's `sprint`: its name, else "Cycle <number>" (Linear's own
 * label for an unnamed cycle). The web roadmap names the team's cycles the same way, so their
 * capacity lines up with the issues in them.
 */
export function cycleName(cycle: CycleRef): string | null {
  return cycle.name ?? (typeof cycle.number === 'number' ? `Cycle ${cycle.number}` : null);
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
    statusName: node.state.name ?? null,
    read: toSnapshot(
      {
        identifier: node.identifier,
        title: node.title,
        stateType: node.state.type,
        labels: node.labels.nodes.map((l) => ({ name: l.name, group: l.parent?.name ?? null })),
        estimate: node.estimate,
        description: node.description,
        cycle: node.cycle ? cycleName(node.cycle) : null,
      },
      settings,
    ),
  };
}
