import type { ResolverError } from '../../../src/contract/result';

const BUSY = 'Jira is busy (rate limited) — try again in a minute.';

/**
 * What a failed call means for the person reading it: the resolver's own sentence, except
 * that a rate-limited Jira (HTTP 429) is explained as what it is: nothing is wrong, wait.
 */
export function explain(error: ResolverError): string {
  if (error.kind === 'jira-error' && /\b429\b|rate.?limit/i.test(error.message)) {
    return BUSY;
  }
  if (error.kind === 'storage-corrupt') {
    return `${error.message} Fix the stored values below, or import a corrected OKR file under Advanced.`;
  }
  return error.message;
}

/**
 * A failed call, shown where it happened: its sentence, its details (storage problems, one
 * line each), and a retry unless Jira refused the person (`forbidden`): trying again cannot
 * help, the sentence says whom to ask.
 */
export function ErrorMessage({
  error,
  onRetry,
  id,
}: {
  error: ResolverError;
  onRetry?: () => void;
  id?: string;
}) {
  const retry = error.kind === 'forbidden' ? undefined : onRetry;
  return (
    <div className="ka-error" role="alert" id={id}>
      <p>{explain(error)}</p>
      {error.problems !== undefined && error.problems.length > 0 && (
        <ul>
          {error.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {retry !== undefined && (
        <button type="button" className="ka-button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}
