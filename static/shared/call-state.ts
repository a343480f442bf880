import type { ResolverError } from '../../src/contract/result';

/** Where a page's call to the server stands. */
export type CallState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; error: ResolverError }
  | { status: 'ready'; data: T };
