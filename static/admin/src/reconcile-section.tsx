import { useState } from 'react';
import type { ReconcileProgress } from '../../../src/contract/admin';
import type { ResolverError } from '../../../src/contract/result';
import { callResolver } from '../../../src/jira/pages/call-resolver';
import { ErrorMessage } from './error-message';

export function progressText(p: ReconcileProgress): string {
  const state = p.finishedAt === null ? 'running' : 'finished';
  return `Reconcile ${state}: ${p.projectsDone} of ${p.projectsTotal} projects, ${p.issuesRead} issues read, ${p.writes} write requests${p.failures.length > 0 ? `, ${p.failures.length} problems` : ''}.`;
}

/** Reconcile every project now (scores, Icebox, rank, automatic KR values) and its progress. */
export function ReconcileSection({
  progress: initial,
  onRefresh,
}: {
  progress: ReconcileProgress | null;
  onRefresh: () => Promise<ReconcileProgress | null>;
}) {
  const [progress, setProgress] = useState(initial);
  const [failure, setFailure] = useState<ResolverError | null>(null);

  const start = async (): Promise<void> => {
    setFailure(null);
    const answer = await callResolver('admin/reconcile-now', {});
    if (answer.ok) {
      setProgress(answer.data);
    } else {
      setFailure(answer.error);
    }
  };

  return (
    <section className="ka-section" aria-labelledby="reconcile-title">
      <h2 id="reconcile-title">Reconcile</h2>
      <p className="ka-subtle">
        Keyrank reconciles every day; run it now after importing OKRs or changing settings.
      </p>
      <div role="status" aria-live="polite">
        {progress === null ? (
          <p>No reconcile has run yet.</p>
        ) : (
          <>
            <p>{progressText(progress)}</p>
            <progress
              aria-label="Reconcile progress"
              max={Math.max(progress.projectsTotal, 1)}
              value={progress.projectsTotal === 0 ? 1 : progress.projectsDone}
            />
            {progress.failures.length > 0 && (
              <ul>
                {progress.failures.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="ka-actions">
        <button type="button" className="ka-button" onClick={() => void start()}>
          Reconcile now
        </button>
        <button
          type="button"
          className="ka-button ka-button--subtle"
          onClick={() => void onRefresh().then((p) => setProgress(p))}
        >
          Refresh progress
        </button>
      </div>
    </section>
  );
}
