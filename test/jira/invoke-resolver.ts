import type { ResolverResult } from '../../src/contract/result';
import type { ForgeRuntimeHandle } from './local-jira/forge-runtime';

/** How Forge calls a resolver function: `makeResolver(...)`'s definitions handler. */
type Definitions = (
  payload: { call: { functionKey: string; payload?: unknown }; context: Record<string, unknown> },
  backendRuntimePayload?: Record<string, unknown>,
) => Promise<unknown>;

export interface Caller {
  /** The runtime whose `asUser()` requests should act for `accountId`. */
  runtime: ForgeRuntimeHandle;
  accountId: string;
  /** What Forge passes as the extension context (issue, project). */
  context?: Record<string, unknown>;
}

/**
 * Calls a resolver the way Forge does when the UI invokes it: the invocation's principal is
 * both the context's `accountId` and the account `asUser()` requests act for.
 */
export async function invoke<T>(
  definitions: Definitions,
  functionKey: string,
  payload: unknown,
  caller: Caller,
): Promise<ResolverResult<T>> {
  caller.runtime.actAs(caller.accountId);
  return (await definitions(
    { call: { functionKey, payload }, context: caller.context ?? {} },
    { principal: { accountId: caller.accountId } },
  )) as ResolverResult<T>;
}
