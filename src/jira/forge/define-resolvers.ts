import { makeResolver } from '@forge/resolver';
import type { z } from 'zod';
import {
  PAYLOAD_SCHEMAS,
  type DataOf,
  type PayloadOf,
  type ResolverKey,
} from '../../contract/resolvers';
import { forbidden, type ResolverError, type ResolverResult } from '../../contract/result';
import { formatValidationIssue } from '../../core/index';
import { ForbiddenError, InvalidInputError, KeyrankJiraError } from '../api/errors';
import type { UserDeps } from '../deps';
import { loadSettings } from '../store/workspace-store';
import { requirePermission, type Requirement } from './authorization';

/**
 * The one resolver framework: every page's handlers (src/jira/pages/<page>/…-handlers.ts)
 * become a Forge resolver function here, with the payload checked against the contract's
 * schema and the permission checked as the user before any handler runs.
 */

/** What Forge tells a resolver about where it runs and for whom. */
export interface ResolverContext {
  /** The signed-in user; Forge guarantees it (with `license`, `installContext`), not the rest. */
  accountId: string | undefined;
  issueKey: string | undefined;
  projectKey: string | undefined;
}

/**
 * One resolver: what the caller must be allowed to do, and the work. The framework validates
 * the payload against the contract's schema, then checks `requires` as the user, and only
 * then calls `run` — so no resolver can act before both checks.
 */
export interface Handler<P, D> {
  requires: (payload: P, context: ResolverContext) => Requirement;
  run: (payload: P, context: ResolverContext, deps: UserDeps) => Promise<D>;
}

export type Handlers<K extends ResolverKey> = {
  [P in K]: Handler<PayloadOf<P>, DataOf<P>>;
};

/** What Forge passes a resolver function: the page's payload and where it runs. */
interface ForgeRequest {
  payload?: unknown;
  context?: {
    accountId?: string;
    extension?: { issue?: { key?: string }; project?: { key?: string } };
  };
}

type ResolverFunction = (request: ForgeRequest) => Promise<ResolverResult<unknown>>;

function contextOf(request: ForgeRequest): ResolverContext {
  const extension = request.context?.extension;
  return {
    accountId: request.context?.accountId,
    issueKey: extension?.issue?.key,
    projectKey: extension?.project?.key,
  };
}

function toResolverError(error: unknown): ResolverError {
  if (error instanceof ForbiddenError) {
    return forbidden(error.message);
  }
  if (error instanceof KeyrankJiraError) {
    const fieldErrors = error instanceof InvalidInputError ? error.fieldErrors : [];
    return {
      kind: error.kind,
      message: error.message,
      ...(error.problems.length > 0 && { problems: error.problems }),
      ...(fieldErrors.length > 0 && { fieldErrors }),
    };
  }
  // An unexpected failure: say so without leaking internals (tokens, URLs, stack traces).
  return { kind: 'jira-error', message: 'Keyrank could not finish this — try again in a minute' };
}

/** Runs a handler and turns every failure into a typed answer: resolvers never throw at the UI. */
async function answer<T>(work: () => Promise<T>): Promise<ResolverResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (!(error instanceof Error) || error.name === 'Error') {
      console.error('keyrank resolver failed', error instanceof Error ? error.message : error);
    }
    return { ok: false, error: toResolverError(error) };
  }
}

/** The payload as its schema reads it, or an `InvalidInputError` naming every wrong field. */
function parsePayload<P>(schema: z.ZodType<P>, payload: unknown): P {
  const parsed = schema.safeParse(payload ?? {});
  if (!parsed.success) {
    throw new InvalidInputError(
      'Nothing was changed — fix these first:',
      parsed.error.issues.map((issue) => formatValidationIssue(issue, payload)),
    );
  }
  return parsed.data;
}

/** One Forge resolver function: payload checked, permission checked as the user, then the work. */
function guarded<P, D>(
  schema: z.ZodType<P>,
  handler: Handler<P, D>,
  deps: () => UserDeps,
): ResolverFunction {
  return (request) =>
    answer(async () => {
      const context = contextOf(request);
      const payload = parsePayload(schema, request.payload);
      const ports = deps();
      await requirePermission(
        {
          accountId: context.accountId,
          user: ports.user,
          checkInGroups: async () => (await loadSettings(ports.store)).settings.checkInGroups,
        },
        handler.requires(payload, context),
      );
      return handler.run(payload, context, ports);
    });
}

/**
 * The Forge resolver function for one page's handlers, keys and payloads as in
 * `src/contract/resolvers.ts`.
 *
 * @example
 * export const roadmapResolver = defineResolvers(roadmapHandlers(), userDeps);
 */
export function defineResolvers<K extends ResolverKey>(
  handlers: Handlers<K>,
  deps: () => UserDeps,
): ReturnType<typeof makeResolver> {
  const functions: Record<string, ResolverFunction> = {};
  for (const key of Object.keys(handlers) as K[]) {
    const schema = PAYLOAD_SCHEMAS[key] as unknown as z.ZodType<PayloadOf<K>>;
    functions[key] = guarded(schema, handlers[key] as Handler<PayloadOf<K>, DataOf<K>>, deps);
  }
  return makeResolver(functions);
}
