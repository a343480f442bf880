import type { defineResolvers } from '../../src/jira/resolvers/define-resolvers';
import type { ResolverResult } from '../../src/shared/contract';

type Definitions = ReturnType<typeof defineResolvers>;

/** Calls a resolver the way Forge does when the UI invokes it, as the test user Alice. */
export async function invoke<T>(
  definitions: Definitions,
  functionKey: string,
  payload: Record<string, unknown>,
  context: Record<string, unknown> = {},
): Promise<ResolverResult<T>> {
  return (await definitions(
    { call: { functionKey, payload }, context },
    { principal: { accountId: 'user-alice' } },
  )) as ResolverResult<T>;
}
