import type { z } from 'zod';
import {
  ROADMAP_KEYS,
  ROADMAP_PAYLOAD_SCHEMAS,
  type RoadmapKey,
} from '../../shared/roadmap-contract';
import { guarded, type Handler, type ResolverFunction } from '../resolvers/define-resolvers';
import type { UserDeps } from '../services/jira-deps';
import { roadmapHandlers } from './roadmap-handlers';

export type { ForgeRequest as RoadmapRequest } from '../resolvers/define-resolvers';
export type RoadmapFunction = ResolverFunction;

/** Anything with Forge `Resolver`'s `define`, so the app can add these keys to its own resolver. */
export interface DefinesResolvers {
  define(functionKey: string, cb: RoadmapFunction): unknown;
}

/**
 * The `roadmap/*` resolver functions by key, each answering a `ResolverResult`, never a throw,
 * and each checking its payload and the user's permission before it acts.
 */
export function roadmapFunctions(deps: () => UserDeps): Record<RoadmapKey, RoadmapFunction> {
  const handlers = roadmapHandlers();
  const functions = {} as Record<RoadmapKey, RoadmapFunction>;
  for (const key of ROADMAP_KEYS) {
    functions[key] = guarded(
      ROADMAP_PAYLOAD_SCHEMAS[key] as unknown as z.ZodType<unknown>,
      handlers[key] as Handler<unknown, unknown>,
      deps,
    );
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
