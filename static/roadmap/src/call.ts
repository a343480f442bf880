import { invoke, view } from '@forge/bridge';
import type {
  RoadmapAnswer,
  RoadmapKey,
  RoadmapPayload,
} from '../../../src/shared/roadmap-contract';

const UNREACHABLE = 'Keyrank could not be reached — check your connection and try again';

function isAnswer(value: unknown): value is { ok: boolean } {
  return typeof value === 'object' && value !== null && 'ok' in value;
}

/**
 * Calls a roadmap resolver. Resolvers answer a `ResolverResult`; a failed bridge call (offline,
 * rate limited) becomes one too, so every caller handles exactly one shape.
 */
export async function call<K extends RoadmapKey>(
  key: K,
  payload: RoadmapPayload<K>,
): Promise<RoadmapAnswer<K>> {
  try {
    const answer: unknown = await invoke(key, { ...payload });
    if (isAnswer(answer)) {
      return answer as RoadmapAnswer<K>;
    }
    return { ok: false, error: { kind: 'jira-error', message: UNREACHABLE } };
  } catch {
    return { ok: false, error: { kind: 'jira-error', message: UNREACHABLE } };
  }
}

/** The project the page is opened from; undefined on the global page. */
export async function projectKeyOfPage(): Promise<string | undefined> {
  try {
    const context = await view.getContext();
    const project = (context.extension as { project?: { key?: unknown } }).project;
    return typeof project?.key === 'string' ? project.key : undefined;
  } catch {
    return undefined;
  }
}
