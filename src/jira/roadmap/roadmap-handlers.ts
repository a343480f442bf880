import type { RoadmapDataOf, RoadmapKey, RoadmapPayload } from '../../shared/roadmap-contract';
import { InvalidInputError } from '../errors';
import type { UserDeps } from '../services/jira-deps';
import { applyRerank } from './apply-rerank';
import { getRoadmap } from './get-roadmap';
import { linkIcebox } from './link-icebox';
import { previewRerank } from './preview-rerank';

/** Where the page runs: a project page has a project, the global page has none. */
export interface RoadmapContext {
  accountId: string | undefined;
  projectKey: string | undefined;
}

export type RoadmapHandlers = {
  [K in RoadmapKey]: (
    payload: RoadmapPayload<K>,
    context: RoadmapContext,
  ) => Promise<RoadmapDataOf<K>>;
};

/** Forge's context wins over the payload, which the browser sends. */
function projectKeyOf(context: RoadmapContext, payload: { projectKey?: unknown }): string {
  const key = context.projectKey ?? payload.projectKey;
  if (typeof key !== 'string' || key === '') {
    throw new InvalidInputError('no project to re-rank — open the roadmap from a project');
  }
  return key;
}

/** The roadmap's resolver functions. Every call acts as the user who clicked. */
export function roadmapHandlers(deps: () => UserDeps): RoadmapHandlers {
  return {
    'roadmap/get': (payload, context) => {
      const key = context.projectKey ?? payload?.projectKey;
      return getRoadmap(
        deps(),
        typeof key === 'string' && key !== ''
          ? { kind: 'project', projectKey: key }
          : { kind: 'global' },
      );
    },
    'roadmap/linkIcebox': (payload) => linkIcebox(deps(), payload),
    'roadmap/previewRerank': (payload, context) =>
      previewRerank(deps(), projectKeyOf(context, payload ?? {})),
    'roadmap/applyRerank': (payload, context) =>
      applyRerank(deps(), { ...payload, projectKey: projectKeyOf(context, payload ?? {}) }),
  };
}
