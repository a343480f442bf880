import type { Settings } from '../../core/index';
import { PermanentLinearError } from '../api/errors';
import type { LinearApi } from '../api/linear-api';
import type { ScoreLinks } from '../server/score-links';
import {
  ATTACHMENT_FIELDS,
  ISSUE_FIELDS,
  linearIssue,
  type IssueNode,
  type LinearIssue,
} from './linear-issue';

/** One issue of a team backlog as read from Linear, with its snapshot for the core. */
export type BacklogIssue = LinearIssue;

const PAGE_SIZE = 100;

const BACKLOG_READ = `query KeyrankBacklog($teamId: String!, $after: String, $url: String!, $withAttachments: Boolean!) {
  team(id: $teamId) {
    issues(first: ${PAGE_SIZE}, after: $after, filter: { state: { type: { nin: ["completed", "canceled"] } } }) {
      nodes {
        ${ISSUE_FIELDS}
        attachments(filter: { url: { startsWith: $url } }) @include(if: $withAttachments) { nodes { ${ATTACHMENT_FIELDS} } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface BacklogPage {
  team: {
    issues: {
      nodes: IssueNode[];
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

/** Every team the API key can see, page by page (the periodic sync visits each). */
export async function listTeams(api: LinearApi): Promise<TeamRef[]> {
  const teams: TeamRef[] = [];
  let after: string | null = null;
  for (;;) {
    const page: {
      teams: { nodes: TeamRef[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } };
    } = await api.read(
      `query KeyrankTeams($after: String) { teams(first: 100, after: $after) { nodes { id key name } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    teams.push(...page.teams.nodes);
    if (!page.teams.pageInfo.hasNextPage) {
      return teams;
    }
    after = page.teams.pageInfo.endCursor ?? null;
  }
}

/**
 * A team's open backlog (not completed, not canceled) in its manual order, read page by
 * page. With `links`, each issue also carries its score attachment.
 */
export async function readTeamBacklog(
  api: LinearApi,
  teamId: string,
  settings: Settings,
  options: { links?: ScoreLinks; onPage?: (read: number) => void } = {},
): Promise<BacklogIssue[]> {
  const { links } = options;
  const issues: BacklogIssue[] = [];
  let after: string | null = null;
  for (;;) {
    const page: BacklogPage = await api.read<BacklogPage>(BACKLOG_READ, {
      teamId,
      after,
      url: links?.prefix ?? '',
      withAttachments: links !== undefined,
    });
    for (const node of page.team.issues.nodes) {
      issues.push(linearIssue(node, settings, links));
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
