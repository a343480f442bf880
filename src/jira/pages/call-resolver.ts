import { invoke } from '@forge/bridge';
import type { DataOf, PayloadOf, ResolverKey } from '../../contract/resolvers';
import { UNREACHABLE, type ResolverResult } from '../../contract/result';

/** The message of a bridge call that failed (offline, server down): pages explain it as such. */
export { UNREACHABLE };

function isAnswer(value: unknown): value is { ok: boolean } {
  return typeof value === 'object' && value !== null && 'ok' in value;
}

/**
 * The one `invoke` wrapper of every page (the UI Kit panel and admin page, static/roadmap),
 * typed by the contract. Resolvers answer a `ResolverResult`; a failed bridge call (offline,
 * rate limited) becomes one too, so every caller handles exactly one shape.
 */
export async function callResolver<K extends ResolverKey>(
  key: K,
  payload: PayloadOf<K>,
): Promise<ResolverResult<DataOf<K>>> {
  try {
    const answer: unknown = await invoke(key, { ...payload });
    if (isAnswer(answer)) {
      return answer as ResolverResult<DataOf<K>>;
    }
  } catch {
    // Answered below, like an answer that is not a result.
  }
  return { ok: false, error: { kind: 'jira-error', message: UNREACHABLE } };
}

export type CallResolver = typeof callResolver;
