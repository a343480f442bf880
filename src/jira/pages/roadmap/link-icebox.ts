import type { LinkIceboxPayload, LinkIceboxResult } from '../../../contract/roadmap';
import type { UserDeps } from '../../deps';
import { linkKeyResult } from '../../sync/link-key-result';

/**
 * "Link to KR" from the Icebox, for one issue: the page calls it once per selected issue, in
 * sequence, so a refusal on one is reported for that one and the others still go ahead.
 */
export async function linkIcebox(
  deps: UserDeps,
  payload: LinkIceboxPayload,
): Promise<LinkIceboxResult> {
  const { keyResults, recomputed } = await linkKeyResult(deps, payload.issueKey, payload.krId);
  return {
    issueKey: payload.issueKey,
    keyResults,
    icebox: recomputed.done ? recomputed.decision.icebox : false,
  };
}
