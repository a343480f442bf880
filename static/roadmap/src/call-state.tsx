import type { ReactNode } from 'react';
import type { ResolverError } from '../../../src/contract/result';
import { explainFailure } from './explain-failure';
import { transport } from './transport';

export type CallState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; error: ResolverError }
  | { status: 'ready'; data: T };

/** A call in flight: announced politely to screen readers. */
export function Loading({ children }: { children: ReactNode }) {
  return (
    <p className="kr-loading" role="status" aria-live="polite">
      <span className="kr-spinner" aria-hidden="true" />
      {children}
    </p>
  );
}

/**
 * A failed call: what went wrong in words (`explainFailure`), its details, and a way to try
 * again — except when the tracker refused the user (`forbidden`): trying again cannot help, the
 * sentence says whom to ask instead.
 */
export function CallError({
  error,
  onRetry,
  context = '',
}: {
  error: ResolverError;
  onRetry?: () => void;
  /** What had been done when it failed ("Stopped after 1 of 2 rank calls: "). */
  context?: string;
}) {
  const explained = explainFailure(error, transport.wording.tracker);
  const retry = explained.retry ? onRetry : undefined;
  return (
    <div className="kr-error" role="alert">
      <p>
        {context}
        {explained.message}
      </p>
      {error.problems !== undefined && error.problems.length > 0 && (
        <ul>
          {error.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {retry !== undefined && (
        <button type="button" className="kr-button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}
