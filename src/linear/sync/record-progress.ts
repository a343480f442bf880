import {
  automaticCheckIn,
  isActive,
  linkedDoneCheckIns,
  measureField,
  type CheckIn,
  type KeyResult,
  type Okrs,
  type QuerySource,
  type Settings,
} from '../../core/index';
import type { LinearApi } from '../api/linear-api';
import { largestPage, MAX_PAGE } from '../api/query-complexity';
import type { Logger } from '../logger';
import { lacksLabels, readEveryLabel } from '../read/issue-overflow';
import { KEY_RESULTS_GROUP } from '../read/label-conventions';
import { LABEL_NODE_FIELDS, LABELS_PER_ISSUE, type LabelNode } from '../read/linear-issue';
import { toSnapshot } from '../read/snapshot';
import type { CheckInStore } from '../store/check-in-store';

/**
 * The automatic progress sources read on every periodic sync (PRODUCT.md §7): `query` KRs with
 * a Linear issue filter, one request each (more only past 250 matching issues), and every
 * `linked-done` KR from one shared read of the issues linked to them. A value is stored as a
 * check-in only when it changed. Only KRs of running objectives are read: an ended quarter's
 * values are history, and a future one has nothing to measure yet.
 */

export interface ProgressContext {
  api: LinearApi;
  /** The OKRs as the server scores with them (stored check-ins merged in). */
  okrs: Okrs;
  settings: Settings;
  /** Where changed values go; null reads and reports without storing (a dry run). */
  store: Pick<CheckInStore, 'append'> | null;
  log: Logger;
}

export interface ProgressResult {
  /** Check-ins made (stored unless dry run), in file order. */
  recorded: { krId: string; checkIn: CheckIn }[];
  /** KRs read whose value had not changed (or that no issue links yet). */
  unchanged: string[];
  /** KRs that could not be read, and why; each was logged, and the others were still read. */
  failed: { krId: string; error: string }[];
  /** Linear requests spent. */
  requests: number;
}

/** Linear's largest page: a count costs one request up to this many issues. */
const QUERY_PAGE = MAX_PAGE;

const KR_QUERY = `query KeyrankKrQuery($team: String!, $filter: IssueFilter!, $after: String, $withEstimate: Boolean!) {
  teams(first: 1, filter: { key: { eqIgnoreCase: $team } }) { nodes { id } }
  issues(filter: $filter, first: ${QUERY_PAGE}, after: $after, includeArchived: true) {
    nodes { id trashed estimate @include(if: $withEstimate) }
    pageInfo { hasNextPage endCursor }
  }
}`;

const LINKED_QUERY = `query KeyrankLinkedDone($filter: IssueFilter!, $first: Int!, $after: String, $withDescription: Boolean!) {
  issues(filter: $filter, first: $first, after: $after, includeArchived: true) {
    nodes {
      id identifier title estimate trashed labelIds
      description @include(if: $withDescription)
      state { type }
      labels(first: ${LABELS_PER_ISSUE}) { nodes { ${LABEL_NODE_FIELDS} } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Each linked issue brings its bounded labels: as many per page as Keyrank's read budget holds. */
export const LINKED_PAGE = largestPage(LINKED_QUERY, { withDescription: true });

interface PageInfo {
  hasNextPage: boolean;
  endCursor?: string | null;
}

interface LinkedNode {
  id: string;
  identifier: string;
  title: string;
  estimate?: number | null;
  trashed?: boolean | null;
  description?: string | null;
  state: { type: string };
  labelIds: string[];
  labels: { nodes: LabelNode[] };
}

/** Reads every automatic KR and records the values that changed; never throws for one KR. */
export async function recordProgress(ctx: ProgressContext, asOf: string): Promise<ProgressResult> {
  const readsBefore = ctx.api.counts.reads;
  const result: ProgressResult = { recorded: [], unchanged: [], failed: [], requests: 0 };
  const running = ctx.okrs.objectives.filter((objective) => isActive(objective, asOf));
  const record = async (krId: string, checkIn: CheckIn | null): Promise<void> => {
    if (checkIn === null) {
      result.unchanged.push(krId);
      return;
    }
    await ctx.store?.append(krId, checkIn);
    result.recorded.push({ krId, checkIn });
  };
  const fail = (krId: string, error: unknown): void => {
    const message = (error as Error).message;
    result.failed.push({ krId, error: message });
    ctx.log.error('key result progress could not be read; the others were', {
      krId,
      error: message,
    });
  };

  for (const kr of running.flatMap((objective) => objective.keyResults)) {
    if (kr.progress.source !== 'query') {
      continue;
    }
    try {
      const value = await queryValue(ctx.api, kr.id, kr.progress);
      await record(kr.id, automaticCheckIn(kr, value, asOf, 'query'));
    } catch (error) {
      fail(kr.id, error);
    }
  }

  const linked = running
    .map((objective) => ({
      ...objective,
      keyResults: objective.keyResults.filter((kr) => kr.progress.source === 'linked-done'),
    }))
    .filter((objective) => objective.keyResults.length > 0);
  const linkedKrs = linked.flatMap((objective) => objective.keyResults);
  if (linkedKrs.length > 0) {
    try {
      const issues = await readLinkedIssues(ctx, linkedKrs);
      const added = linkedDoneCheckIns({ objectives: linked }, issues, asOf);
      for (const kr of linkedKrs) {
        await record(kr.id, added.get(kr.id)?.[0] ?? null);
      }
    } catch (error) {
      linkedKrs.forEach((kr) => fail(kr.id, error));
    }
  }

  result.requests = ctx.api.counts.reads - readsBefore;
  if (result.recorded.length + result.failed.length + result.unchanged.length > 0) {
    ctx.log.info('key result progress read', {
      recorded: result.recorded.map(({ krId, checkIn }) => `${krId}=${checkIn.value}`),
      unchanged: result.unchanged.length,
      failed: result.failed.length,
      requests: result.requests,
    });
  }
  return result;
}

/** A KR's query source cannot be read in Linear: the message says what to change. */
export class QuerySourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuerySourceError';
  }
}

/** The count (or sum of estimates) of the issues a `query` source's Linear filter matches. */
async function queryValue(api: LinearApi, krId: string, source: QuerySource): Promise<number> {
  const { linear } = source;
  if (linear === undefined) {
    throw new QuerySourceError(
      `${krId}'s query has only jql, which Jira reads: add linear: { team, labels, state } for Linear`,
    );
  }
  const field = measureField(source.measure);
  if (field !== null && field !== 'estimate') {
    throw new QuerySourceError(
      `${krId}'s measure ${source.measure} cannot be read in Linear: use count or sum:estimate`,
    );
  }
  const filter = {
    team: { key: { eqIgnoreCase: linear.team } },
    ...(linear.state !== undefined && { state: { type: { eq: linear.state } } }),
    // Every label listed, each matched by name as Linear's filter bar does (any case).
    ...(linear.labels !== undefined &&
      linear.labels.length > 0 && {
        and: linear.labels.map((name) => ({ labels: { some: { name: { eqIgnoreCase: name } } } })),
      }),
  };
  let value = 0;
  let after: string | null = null;
  for (;;) {
    const page: {
      teams: { nodes: { id: string }[] };
      issues: {
        nodes: { trashed?: boolean | null; estimate?: number | null }[];
        pageInfo: PageInfo;
      };
    } = await api.read(KR_QUERY, {
      team: linear.team,
      filter,
      after,
      withEstimate: field !== null,
    });
    if (page.teams.nodes.length === 0) {
      // Linear answers an unknown team's filter with no issues: that is no reading, not zero.
      throw new QuerySourceError(
        `${krId}'s query names team ${linear.team}, which Linear does not have`,
      );
    }
    for (const issue of page.issues.nodes) {
      // Archived issues count (Linear archives done work after a while); deleted ones do not.
      if (issue.trashed !== true) {
        value += field === null ? 1 : (issue.estimate ?? 0);
      }
    }
    if (!page.issues.pageInfo.hasNextPage) {
      return value;
    }
    after = page.issues.pageInfo.endCursor ?? null;
  }
}

/**
 * Every issue linked to one of these KRs, done ones included, in one paginated read (the team
 * backlogs leave done issues out). Canceled issues are left out: dropped work is not done work.
 */
async function readLinkedIssues(ctx: ProgressContext, krs: readonly KeyResult[]) {
  const filter = {
    labels: {
      some: {
        name: { in: krs.map((kr) => kr.id) },
        parent: { name: { eqIgnoreCase: KEY_RESULTS_GROUP } },
      },
    },
    state: { type: { neq: 'canceled' } },
  };
  // Descriptions only carry a RICE effort, which only `by: effort` needs.
  const withDescription = krs.some(
    (kr) => kr.progress.source === 'linked-done' && kr.progress.by === 'effort',
  );
  const issues = [];
  let after: string | null = null;
  for (;;) {
    const page: { issues: { nodes: LinkedNode[]; pageInfo: PageInfo } } = await ctx.api.read(
      LINKED_QUERY,
      { filter, first: LINKED_PAGE, after, withDescription },
    );
    for (const node of page.issues.nodes) {
      if (node.trashed === true) {
        continue;
      }
      const facts = {
        identifier: node.identifier,
        title: node.title,
        stateType: node.state.type,
        labels: (lacksLabels(node)
          ? await readEveryLabel(ctx.api, node.id)
          : node.labels.nodes
        ).map((l) => ({ name: l.name, group: l.parent?.name ?? null })),
        estimate: node.estimate,
        description: node.description,
      };
      issues.push(toSnapshot(facts, ctx.settings).snapshot);
    }
    if (!page.issues.pageInfo.hasNextPage) {
      return issues;
    }
    after = page.issues.pageInfo.endCursor ?? null;
  }
}
