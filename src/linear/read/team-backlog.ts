import type { Settings } from '../../core/index';
import { PermanentLinearError } from '../api/errors';
import type { LinearApi } from '../api/linear-api';
import { largestPage } from '../api/query-complexity';
import type { ScoreLinks } from '../server/score-links';
import { completeIssue } from './issue-overflow';
import {
  attachmentsField,
  ISSUE_FIELDS,
  linearIssue,
  type IssueNode,
  type LinearIssue,
} from './linear-issue';

/** One issue of a team backlog as read from Linear, with its snapshot for the core. */
export type BacklogIssue = LinearIssue;

const BACKLOG_READ = `query KeyrankBacklog($teamId: String!, $first: Int!, $after: String, $url: String!, $withAttachments: Boolean!) {
  team(id: $teamId) {
    issues(first: $first, after: $after, filter: { state: { type: { nin: ["completed", "canceled"] } } }) {
      nodes {
        ${ISSUE_FIELDS}
        ${attachmentsField('url', ' @include(if: $withAttachments)')}
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/**
 * Issues per backlog page, the most that keep a page within Keyrank's read budget (Linear
 * charges each issue's bounded labels and attachments): a re-rank, which needs no
 * attachments, reads bigger pages than a sync.
 */
export const BACKLOG_PAGE = {
  withAttachments: largestPage(BACKLOG_READ, { withAttachments: true }),
  withoutAttachments: largestPage(BACKLOG_READ, { withAttachments: false }),
};

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
    `query KeyrankTeam($key: String!) { teams(first: 1, filter: { key: { eqIgnoreCase: $key } }) { nodes { id key name } } }`,
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
  const url = links?.prefix ?? '';
  const withAttachments = links !== undefined;
  let after: string | null = null;
  for (;;) {
    const page: BacklogPage = await api.read<BacklogPage>(BACKLOG_READ, {
      teamId,
      first: withAttachments ? BACKLOG_PAGE.withAttachments : BACKLOG_PAGE.withoutAttachments,
      after,
      url,
      withAttachments,
    });
    for (const node of page.team.issues.nodes) {
      const complete = await completeIssue(api, node, withAttachments ? url : undefined);
      issues.push(linearIssue(complete, settings, links));
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
