import type { LinkIceboxPayload, LinkIceboxResult } from '../../../contract/roadmap';
import { decideIssue, indexKeyResults, isStarted, nearestId } from '../../../core/index';
import { PermanentLinearError } from '../../api/errors';
import type { LinearApi } from '../../api/linear-api';
import type { Mutation } from '../../api/mutations';
import { describeRefusal, writeInBatches } from '../../api/write-in-batches';
import { completeIssue } from '../../read/issue-overflow';
import { KEY_RESULTS_GROUP } from '../../read/label-conventions';
import { ISSUE_FIELDS, linearIssue, type IssueNode } from '../../read/linear-issue';
import { ApiError } from './api-error';
import type { ApiCaller, HandlerDeps } from './roadmap-api';

/** The issue as Linear holds it now and the KR's label, in one request. */
const LINK_READ = `query KeyrankLinkRead($id: String!, $kr: String!, $group: String!) {
  issue(id: $id) {
    ${ISSUE_FIELDS}
  }
  issueLabels(first: 10, filter: { name: { eqIgnoreCase: $kr }, parent: { name: { eqIgnoreCase: $group } } }) {
    nodes { id team { id } }
  }
}`;

interface LinkRead {
  issue: IssueNode;
  issueLabels: { nodes: { id: string; team?: { id: string } | null }[] };
}

/**
 * `roadmap/linkIcebox`: links one Icebox issue to a key result the Linear way (the KR's label in
 * the `Key Results` group) as the caller, and takes the icebox label off when the core says the
 * issue leaves the Icebox — one read and one write. The page calls it once per selected issue,
 * so a refusal on one is reported for that one. The score attachment follows with the webhook
 * echo, as for any label a person adds.
 */
export async function linkIcebox(
  deps: HandlerDeps,
  payload: LinkIceboxPayload,
  caller: ApiCaller,
): Promise<LinkIceboxResult> {
  const okrs = await deps.okrs();
  const known = [...indexKeyResults(okrs).keys()];
  const krId = known.find((id) => id.toLowerCase() === payload.krId.trim().toLowerCase());
  if (krId === undefined) {
    const guess = nearestId(payload.krId, known);
    throw new ApiError(
      'not-found',
      `${payload.krId} is not a key result in the OKR file${guess === null ? '' : ` — did you mean ${guess}?`}`,
    );
  }
  const api = caller.linear;
  const read = await readForLink(api, payload.issueKey, krId);
  const node = await completeIssue(api, read.issue, undefined);
  const issue = linearIssue(node, deps.settings, undefined);
  const { snapshot } = issue.read;
  // A team's own label wins over the workspace's, as Linear offers them on the issue.
  const labels = read.issueLabels.nodes.filter(
    (l) => (l.team?.id ?? issue.teamId) === issue.teamId,
  );
  const label = labels.find((l) => l.team?.id === issue.teamId) ?? labels[0];
  if (label === undefined) {
    throw new ApiError(
      'not-found',
      `Linear has no label ${krId} in the "${KEY_RESULTS_GROUP}" group — run keyrank linear setup`,
    );
  }
  const linked = snapshot.keyResults.some((id) => id.toLowerCase() === krId.toLowerCase());
  const keyResults = linked ? snapshot.keyResults : [...snapshot.keyResults, krId];
  const decision = decideIssue({ ...snapshot, keyResults }, okrs, deps.settings, deps.today());
  const mutations: Mutation[] = [];
  if (!linked) {
    mutations.push({
      name: 'issueAddLabel',
      target: issue.identifier,
      args: { id: issue.id, labelId: label.id },
    });
  }
  // Started and finished work is never touched (its icebox label, if any, is a person's).
  if (!decision.icebox && !isStarted(snapshot.status)) {
    const icebox = deps.settings.iceboxLabel.trim().toLowerCase();
    for (const carried of issue.labels.filter((l) => l.name.trim().toLowerCase() === icebox)) {
      mutations.push({
        name: 'issueRemoveLabel',
        target: issue.identifier,
        args: { id: issue.id, labelId: carried.id },
      });
    }
  }
  const written = await writeInBatches(api, mutations);
  const [refused] = written.refused;
  if (refused !== undefined) {
    throw new ApiError('jira-error', describeRefusal(refused));
  }
  return { issueKey: issue.identifier, keyResults, icebox: decision.icebox };
}

/** The read, with Linear's "no such issue" (or one hidden from the caller) as `not-found`. */
async function readForLink(api: LinearApi, issueKey: string, krId: string): Promise<LinkRead> {
  try {
    return await api.read<LinkRead>(LINK_READ, {
      id: issueKey,
      kr: krId,
      group: KEY_RESULTS_GROUP,
    });
  } catch (error) {
    if (
      error instanceof PermanentLinearError &&
      error.errors.some((e) => e.path?.[0] === 'issue')
    ) {
      throw new ApiError(
        'not-found',
        `Linear has no issue ${issueKey.slice(0, 60)} that you can see`,
      );
    }
    throw error;
  }
}
