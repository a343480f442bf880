import type { ResolverResult } from '../../shared/contract';
import { ROADMAP_KEYS, type RoadmapKey } from '../../shared/roadmap-contract';
import { answer } from '../resolvers/define-resolvers';
import type { UserDeps } from '../services/jira-deps';
import { roadmapHandlers, type RoadmapContext } from './roadmap-handlers';

/** What Forge passes a resolver function: the page's payload and where it runs. */
export interface RoadmapRequest {
  payload?: unknown;
  context?: { accountId?: string; extension?: { project?: { key?: string } } };
}

export type RoadmapFunction = (request: RoadmapRequest) => Promise<ResolverResult<unknown>>;

/** Anything with Forge `Resolver`'s `define`, so the app can add these keys to its own resolver. */
export interface DefinesResolvers {
  define(functionKey: string, cb: RoadmapFunction): unknown;
}

function contextOf(request: RoadmapRequest): RoadmapContext {
  return {
    accountId: request.context?.accountId,
    projectKey: request.context?.extension?.project?.key,
  };
}

/** The `roadmap/*` resolver functions by key, each answering a `ResolverResult`, never a throw. */
export function roadmapFunctions(deps: () => UserDeps): Record<RoadmapKey, RoadmapFunction> {
  const handlers = roadmapHandlers(deps);
  const functions = {} as Record<RoadmapKey, RoadmapFunction>;
  for (const key of ROADMAP_KEYS) {
    const handler = handlers[key] as (
      payload: unknown,
      context: RoadmapContext,
    ) => Promise<unknown>;
    functions[key] = (request) => answer(() => handler(request.payload ?? {}, contextOf(request)));
  }
  return functions;
}

/**
 * Defines the `roadmap/*` keys on a Forge `Resolver` (or anything with its `define`).
 *
 * @example
 * const resolver = new Resolver();
 * registerRoadmapResolvers(resolver, userDeps);
 * export const roadmapResolver = resolver.getDefinitions();
 */
export function registerRoadmapResolvers(resolver: DefinesResolvers, deps: () => UserDeps): void {
  for (const [key, fn] of Object.entries(roadmapFunctions(deps))) {
    resolver.define(key, fn);
  }
}
