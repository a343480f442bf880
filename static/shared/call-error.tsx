import type { ResolverError } from '../../src/contract/result';
import type { Explained } from './explain-failure';

/** A page's classes for the box and its button: each page draws the same alert its own way. */
export interface CallErrorLook {
  box: string;
  button: string;
}

/** The roadmap's look; the admin page passes its own. */
export const ROADMAP_LOOK: CallErrorLook = { box: 'kr-error', button: 'kr-button' };

/**
 * A failed call, shown where it happened: what went wrong in words (the page's `explain`), its
 * details (one line each), and a way to try again — except when `explain` says retrying cannot
 * help (the tracker refused the person: the sentence says whom to ask instead).
 */
export function CallError({
  error,
  explain,
  onRetry,
  context = '',
  id,
  look = ROADMAP_LOOK,
}: {
  error: ResolverError;
  explain: (error: ResolverError) => Explained;
  onRetry?: () => void;
  /** What had been done when it failed ("Stopped after 1 of 2 rank calls: "). */
  context?: string;
  id?: string;
  look?: CallErrorLook;
}) {
  const explained = explain(error);
  const retry = explained.retry ? onRetry : undefined;
  return (
    <div className={look.box} role="alert" id={id}>
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
        <button type="button" className={look.button} onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}
