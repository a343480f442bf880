import type { Settings } from '../core/index';
import { PermanentLinearError } from './errors';
import type { LinearApi } from './linear-api';
import { toSnapshot, type LinearSnapshot } from './snapshot';

/** One issue of a team backlog as read from Linear, with its snapshot for the core. */
export interface BacklogIssue {
  id: string;
  identifier: string;
  sortOrder: number;
  labelIds: string[];
  attachment: { title: string; subtitle?: string | null; metadata?: unknown } | undefined;
  read: LinearSnapshot;
}

const PAGE_SIZE = 100;

const BACKLOG_READ = `query KeyrankBacklog($teamId: String!, $after: String, $url: String!, $withAttachments: Boolean!) {
  team(id: $teamId) {
    issues(first: ${PAGE_SIZE}, after: $after, filter: { state: { type: { nin: ["completed", "canceled"] } } }) {
      nodes {
        id identifier title sortOrder estimate description
        state { type }
        cycle { name number }
        labels { nodes { id name parent { id name } } }
        attachments(filter: { url: { startsWith: $url } }) @include(if: $withAttachments) { nodes { title subtitle metadata url } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface BacklogPage {
  team: {
    issues: {
      nodes: {
        id: string;
        identifier: string;
        title: string;
        sortOrder: number;
        estimate?: number | null;
        description?: string | null;
        state: { type: string };
        cycle?: { name?: string | null; number?: number | null } | null;
        labels: {
          nodes: { id: string; name: string; parent?: { id: string; name: string } | null }[];
        };
        attachments?: {
          nodes: { title: string; subtitle?: string | null; metadata?: unknown; url: string }[];
        };
      }[];
      pageInfo: { hasNextPage: boolean; endCursor?: string | null };
    };
  };
}

export interface TeamRef {
  id: string;
  key: string;
  name: string;
}

export async function findTeam(api: LinearApi, key: string): Promise<TeamRef> {
  const result = await api.read<{ teams: { nodes: TeamRef[] } }>(
    `query KeyrankTeam($key: String!) { teams(filter: { key: { eqIgnoreCase: $key } }) { nodes { id key name } } }`,
    { key },
  );
  const team = result.teams.nodes[0];
  if (team === undefined) {
    throw new PermanentLinearError(`Linear has no team with the key "${key}"`);
  }
  return team;
}

/**
 * A team's open backlog (not completed, not canceled) in its manual order, read page by
 * page. When `attachmentPrefix` is given (the public URL + "/issues/"), each
 * page also carries the attachments that start with `attachmentPrefix`.
 */
export async function readTeamBacklog(
  api: LinearApi,
  teamId: string,
  settings: Settings,
  options: { attachmentPrefix?: string; onPage?: (read: number) => void } = {},
): Promise<BacklogIssue[]> {
  const issues: BacklogIssue[] = [];
  let after: string | null = null;
  for (;;) {
    const page: BacklogPage = await api.read<BacklogPage>(BACKLOG_READ, {
      teamId,
      after,
      url: options.attachmentPrefix ?? '',
      withAttachments: options.attachmentPrefix !== undefined,
    });
    for (const node of page.team.issues.nodes) {
      issues.push({
        id: node.id,
        identifier: node.identifier,
        sortOrder: node.sortOrder,
        labelIds: node.labels.nodes.map((l) => l.id),
        attachment: node.attachments?.nodes.find(
          (a) =>
            a.url === `${options.attachmentPrefix ?? ''}${encodeURIComponent(node.identifier)}`,
        ),
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
      });
    }
    options.onPage?.(issues.length);
    if (!page.team.issues.pageInfo.hasNextPage) {
      break;
    }
    after = page.team.issues.pageInfo.endCursor ?? null;
  }
  // Linear lists a manual order by ascending sortOrder; ties keep the order Linear gave.
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => a.issue.sortOrder - b.issue.sortOrder || a.index - b.index)
    .map(({ issue }) => issue);
}
