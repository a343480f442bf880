import { useState } from 'react';
import type { ResolverError } from '../../../src/contract/result';
import type { IceboxEntry, KrOption } from '../../../src/contract/roadmap';
import { callResolver } from '../../../src/jira/pages/call-resolver';
import { CallError } from './call-state';

type RowState = { status: 'idle' | 'linking' } | { status: 'error'; error: ResolverError };

function IceboxRow({
  entry,
  krOptions,
  onLinked,
}: {
  entry: IceboxEntry;
  krOptions: KrOption[];
  onLinked: (key: string, krId: string) => void;
}) {
  const [krId, setKrId] = useState(krOptions[0]?.id ?? '');
  const [state, setState] = useState<RowState>({ status: 'idle' });
  const selectId = `icebox-kr-${entry.key}`;

  const link = async (): Promise<void> => {
    setState({ status: 'linking' });
    const answer = await callResolver('roadmap/linkIcebox', { issueKey: entry.key, krId });
    if (answer.ok) {
      onLinked(entry.key, krId);
    } else {
      setState({ status: 'error', error: answer.error });
    }
  };

  return (
    <li className="kr-icebox__entry" data-testid={`icebox-${entry.key}`}>
      <p>
        <span className="kr-issue__key">{entry.key}</span> {entry.title}
      </p>
      <p className="kr-subtle">{entry.iceboxReason}</p>
      <form
        className="kr-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void link();
        }}
      >
        <label htmlFor={selectId}>Key result for {entry.key}</label>
        <select
          id={selectId}
          value={krId}
          onChange={(event) => setKrId(event.target.value)}
          disabled={state.status === 'linking'}
        >
          {krOptions.map((kr) => (
            <option key={kr.id} value={kr.id}>
              {kr.id} — {kr.title}
            </option>
          ))}
        </select>
        <button
          type="submit"
          className="kr-button kr-button--primary"
          disabled={state.status === 'linking' || krId === ''}
          aria-label={`Link ${entry.key} to the chosen key result`}
        >
          {state.status === 'linking' ? 'Linking…' : 'Link to KR'}
        </button>
      </form>
      {state.status === 'error' && <CallError error={state.error} />}
    </li>
  );
}

/** Iceboxed issues with their reasons; linking one to a KR takes it out in one step. */
export function IceboxSection({
  entries,
  krOptions,
  onLinked,
}: {
  entries: IceboxEntry[];
  krOptions: KrOption[];
  onLinked: () => Promise<void>;
}) {
  const [linked, setLinked] = useState<string[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const shown = entries.filter((e) => !linked.includes(e.key));
  return (
    <section className="kr-section" aria-labelledby="icebox-title">
      <h2 id="icebox-title">
        Icebox <span className="kr-count">{shown.length}</span>
      </h2>
      <p className="kr-live" role="status" aria-live="polite">
        {announcement}
      </p>
      {shown.length === 0 ? (
        <p className="kr-subtle">Nothing is waiting in the Icebox.</p>
      ) : (
        <ul className="kr-icebox">
          {shown.map((entry) => (
            <IceboxRow
              key={entry.key}
              entry={entry}
              krOptions={krOptions}
              onLinked={(key, krId) => {
                setLinked((keys) => [...keys, key]);
                setAnnouncement(`${key} is linked to ${krId} and out of the Icebox.`);
                void onLinked();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
