import { useCallback, useEffect, useState } from 'react';
import type { AdminData } from '../../../src/contract/admin';
import { callResolver } from '../../../src/jira/pages/call-resolver';
import type { CallState } from '../../shared/call-state';
import { Loading } from '../../shared/loading';
import { AdvancedSection } from './advanced-section';
import { ErrorMessage } from './error-message';
import { KeyResultsSection } from './key-results-section';
import { OkrsSection } from './okrs-section';
import { ReconcileSection } from './reconcile-section';
import { SettingsSection } from './settings-section';

/** The Keyrank admin page: OKRs by form, key results and check-ins, settings, YAML, reconcile. */
export function App() {
  const [admin, setAdmin] = useState<CallState<AdminData>>({ status: 'loading' });
  /** Bumped when the stored OKRs are replaced from outside the form (an import). */
  const [revision, setRevision] = useState(0);
  const [message, setMessage] = useState('');

  const load = useCallback(async (quietly = false): Promise<AdminData | null> => {
    if (!quietly) {
      setAdmin({ status: 'loading' });
    }
    const answer = await callResolver('admin/get', {});
    setAdmin(
      answer.ok ? { status: 'ready', data: answer.data } : { status: 'error', error: answer.error },
    );
    return answer.ok ? answer.data : null;
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const replace = useCallback((data: AdminData) => setAdmin({ status: 'ready', data }), []);
  // A fresh string each time, so the same sentence twice is announced twice.
  const announce = useCallback((text: string) => {
    setMessage('');
    requestAnimationFrame(() => setMessage(text));
  }, []);

  return (
    <main className="ka-page" aria-busy={admin.status === 'loading'}>
      <header className="ka-header">
        <h1>Keyrank OKRs</h1>
        <p className="ka-subtle">
          Objectives and key results, check-ins and settings for every project.
        </p>
      </header>
      {admin.status === 'loading' && <Loading>Loading the stored OKRs and settings…</Loading>}
      {admin.status === 'error' && <ErrorMessage error={admin.error} onRetry={() => void load()} />}
      {admin.status === 'ready' && (
        <>
          {admin.data.storageProblems.length > 0 && (
            <div className="ka-error" role="alert">
              <p>
                Some stored values could not be read, so Keyrank is using defaults for them. Save
                the form or import a corrected OKR file under Advanced to fix them:
              </p>
              <ul>
                {admin.data.storageProblems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          <OkrsSection
            key={revision}
            document={admin.data.document}
            currents={new Map(admin.data.keyResults.map((k) => [k.krId, k.current]))}
            onSaved={replace}
            announce={announce}
          />
          <KeyResultsSection
            data={admin.data}
            onChanged={replace}
            onRotated={() => void load(true)}
            announce={announce}
          />
          <SettingsSection
            key={`settings-${revision}`}
            settings={admin.data.settings}
            onSaved={replace}
            announce={announce}
          />
          <AdvancedSection
            okrFile={admin.data.okrFile}
            onImported={(data) => {
              replace(data);
              setRevision((r) => r + 1);
            }}
            announce={announce}
          />
          <ReconcileSection
            progress={admin.data.reconcile}
            onRefresh={async () => (await load(true))?.reconcile ?? null}
          />
        </>
      )}
      <p className="ka-live" role="status" aria-live="polite">
        {message}
      </p>
    </main>
  );
}
