import { makeResolver } from '@forge/resolver';
import type { DataOf, PayloadOf, ResolverKey, ResolverResult } from '../../shared/contract';
import { toResolverError } from '../errors';

/** What Forge tells a resolver about where it runs and for whom. */
export interface ResolverContext {
  accountId: string | undefined;
  issueKey: string | undefined;
  projectKey: string | undefined;
}

export type Handlers<K extends ResolverKey> = {
  [P in K]: (payload: PayloadOf<P>, context: ResolverContext) => Promise<DataOf<P>>;
};

type ForgeRequest = {
  payload: unknown;
  context: {
    accountId?: string;
    extension?: { issue?: { key?: string }; project?: { key?: string } };
  };
};

function contextOf(request: ForgeRequest): ResolverContext {
  const extension = request.context.extension;
  return {
    accountId: request.context.accountId,
    issueKey: extension?.issue?.key,
    projectKey: extension?.project?.key,
  };
}

/** Runs a handler and turns every failure into a typed answer: resolvers never throw at the UI. */
export async function answer<T>(work: () => Promise<T>): Promise<ResolverResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (!(error instanceof Error) || error.name === 'Error') {
      console.error('keyrank resolver failed', error instanceof Error ? error.message : error);
    }
    return { ok: false, error: toResolverError(error) };
  }
}

/** The Forge resolver function whose keys and payloads follow `src/shared/contract.ts`. */
export function defineResolvers<K extends ResolverKey>(
  handlers: Handlers<K>,
): ReturnType<typeof makeResolver> {
  const wrapped: Record<string, (request: ForgeRequest) => Promise<ResolverResult<unknown>>> = {};
  for (const key of Object.keys(handlers) as K[]) {
    const handler = handlers[key];
    wrapped[key] = (request) =>
      answer(() => handler(request.payload as PayloadOf<typeof key>, contextOf(request)));
  }
  return makeResolver(wrapped);
}
