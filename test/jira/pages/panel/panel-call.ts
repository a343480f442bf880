import type { ResolverResult } from '../../../../src/contract/result';
import { defineResolvers } from '../../../../src/jira/forge/define-resolvers';
import { panelHandlers } from '../../../../src/jira/pages/panel/panel-handlers';
import { ALICE, type Harness } from '../../harness';
import { invoke } from '../../invoke-resolver';

/** Calls a panel resolver the way Forge does, from ENG-1's issue panel. */
export function callPanel<T>(
  harness: Harness,
  functionKey: string,
  payload: unknown,
  accountId = ALICE,
): Promise<ResolverResult<T>> {
  const definitions = defineResolvers(panelHandlers(), () => harness.deps);
  return invoke<T>(definitions, functionKey, payload, {
    runtime: harness.runtime,
    accountId,
    context: { extension: { issue: { key: 'ENG-1' } } },
  });
}

/** The requests that change Jira: everything but reads (searches are POSTs that only read). */
export const panelWrites = (harness: Harness) =>
  harness.jira.requests.filter(
    (r) => r.method !== 'GET' && r.endpoint !== 'POST /rest/api/3/search/jql',
  );
