import type { LinearApi } from '../api/linear-api';
import {
  ATTACHMENT_FIELDS,
  LABEL_NODE_FIELDS,
  LABELS_PER_ISSUE,
  type AttachmentNode,
  type IssueNode,
  type LabelNode,
} from './linear-issue';

/**
 * The rare issue whose labels or score attachments did not fit in the bounded connections of a
 * page read (`LABELS_PER_ISSUE`, `ATTACHMENTS_PER_ISSUE`): those are read again in full for that
 * issue alone, so a page stays cheap and no issue is scored from part of its labels.
 */

interface PageInfo {
  hasNextPage: boolean;
  endCursor?: string | null;
}

// One issue's connection costs its `first` times its fields: both stay far under Linear's limit.
const LABELS_READ = `query KeyrankIssueLabels($id: String!, $after: String) {
  issue(id: $id) {
    labels(first: 100, after: $after) { nodes { ${LABEL_NODE_FIELDS} } pageInfo { hasNextPage endCursor } }
  }
}`;

const ATTACHMENTS_READ = `query KeyrankIssueAttachments($id: String!, $url: String!, $after: String) {
  issue(id: $id) {
    attachments(first: 50, after: $after, filter: { url: { startsWith: $url } }) {
      nodes { ${ATTACHMENT_FIELDS} }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/**
 * Whether a bounded read left labels out: it returned a full page and `labelIds` (every id,
 * a plain list) names more. A short page is everything Linear lists, even if an id is stale.
 */
export function lacksLabels(node: {
  labelIds?: readonly string[] | null;
  labels: { nodes: readonly unknown[] };
}): boolean {
  const read = node.labels.nodes.length;
  return read >= LABELS_PER_ISSUE && (node.labelIds?.length ?? 0) > read;
}

/** Every label of one issue, page by page. */
export async function readEveryLabel(api: LinearApi, issueId: string): Promise<LabelNode[]> {
  return readPages(async (after) => {
    const page = await api.read<{ issue: { labels: Connection<LabelNode> } }>(LABELS_READ, {
      id: issueId,
      after,
    });
    return page.issue.labels;
  });
}

/** Every attachment of one issue whose URL starts with `url`, page by page. */
export async function readEveryAttachment(
  api: LinearApi,
  issueId: string,
  url: string,
): Promise<AttachmentNode[]> {
  return readPages(async (after) => {
    const page = await api.read<{ issue: { attachments: Connection<AttachmentNode> } }>(
      ATTACHMENTS_READ,
      { id: issueId, url, after },
    );
    return page.issue.attachments;
  });
}

/**
 * The issue with whatever its bounded read left out read in full; no request when nothing was.
 * `attachmentUrl` is the prefix its attachments were read with, when they were.
 */
export async function completeIssue<T extends IssueNode>(
  api: LinearApi,
  node: T,
  attachmentUrl?: string,
): Promise<T> {
  let complete = node;
  if (lacksLabels(node)) {
    complete = { ...complete, labels: { nodes: await readEveryLabel(api, node.id) } };
  }
  if (attachmentUrl !== undefined && node.attachments?.pageInfo?.hasNextPage === true) {
    const nodes = await readEveryAttachment(api, node.id, attachmentUrl);
    complete = { ...complete, attachments: { nodes, pageInfo: { hasNextPage: false } } };
  }
  return complete;
}

interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

async function readPages<T>(read: (after: string | null) => Promise<Connection<T>>): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Connection<T> = await read(after);
    items.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) {
      return items;
    }
    after = page.pageInfo.endCursor ?? null;
  }
}
