import { invoke } from '@forge/bridge';
import type { DataOf, PayloadOf, ResolverKey, ResolverResult } from '../../shared/contract';

/** `invoke` with the contract's types; a failed call becomes an answer, like a resolver's. */
export async function callResolver<K extends ResolverKey>(
  key: K,
  payload: PayloadOf<K>,
): Promise<ResolverResult<DataOf<K>>> {
  try {
    return (await invoke(key, payload as Record<string, unknown>)) as ResolverResult<DataOf<K>>;
  } catch {
    return {
      ok: false,
      error: { kind: 'jira-error', message: 'Keyrank is not reachable — reload the page' },
    };
  }
}
