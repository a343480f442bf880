import { useState } from 'react';
import type { ResolverError } from '../../../src/contract/result';
import type { IceboxEntry, KrOption } from '../../../src/contract/roadmap';
import { transport } from './transport';
import { CallError } from './call-error';
import { IssueLink } from './issue-link';
import { KrSelect } from './kr-select';
import { IssueMeta } from './issue-meta';

type RowState =
  | { status: 'idle' }
  | { status: 'linking' }
  | { status: 'missing' }
  | { status: 'error'; error: ResolverError };

/** The core's suggestions for one issue: a one-click link each, or why there is none. */
function Suggestions({
  entry,
  disabled,
  onLink,
}: {
  entry: IceboxEntry;
  disabled: boolean;
  onLink: (krId: string) => void;
}) {
  if (entry.suggestions.length === 0) {
    return <p className="kr-subtle">No key result fits well enough to suggest one.</p>;
  }
  return (
    <ul className="kr-suggestions" aria-label={`Suggested key results for ${entry.key}`}>
      {entry.suggestions.map((s) => (
        <li key={s.kr} className="kr-suggestion" data-testid={`suggestion-${entry.key}-${s.kr}`}>
          <p>
            <strong>{s.kr}</strong> {s.title}{' '}
            <span className="kr-subtle">· fit {s.score.toFixed(2)}</span>
          </p>
          <p className="kr-subtle">{s.reason}</p>
          <button
            type="button"
            className="kr-button"
            disabled={disabled}
            aria-label={`Link to ${s.kr}: ${entry.key}`}
            onClick={() => onLink(s.kr)}
          >
            Link to {s.kr}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** One Icebox issue: select it for a bulk link, follow a suggestion, or pick any key result. */
export function IceboxRow({
  entry,
  krOptions,
  selected,
  busy,
  onSelect,
  onLinked,
}: {
  entry: IceboxEntry;
  krOptions: KrOption[];
  selected: boolean;
  /** A bulk link is running: the row's own links wait. */
  busy: boolean;
  onSelect: (selected: boolean) => void;
  onLinked: (key: string, krId: string) => void;
}) {
  // Empty until someone picks: the suggestions above are the one-click links.
  const [krId, setKrId] = useState('');
  const [state, setState] = useState<RowState>({ status: 'idle' });
  const selectId = `icebox-kr-${entry.key}`;
  const checkId = `icebox-select-${entry.key}`;
  const missingId = `icebox-missing-${entry.key}`;
  const disabled = busy || state.status === 'linking';

  const link = async (kr: string): Promise<void> => {
    setState({ status: 'linking' });
    const answer = await transport.call('roadmap/linkIcebox', { issueKey: entry.key, krId: kr });
    if (answer.ok) {
      onLinked(entry.key, kr);
    } else {
      setState({ status: 'error', error: answer.error });
    }
  };

  return (
    <li className="kr-icebox__entry" data-testid={`icebox-${entry.key}`}>
      <p className="kr-icebox__title">
        <input
          type="checkbox"
          id={checkId}
          checked={selected}
          disabled={busy}
          onChange={(event) => onSelect(event.target.checked)}
        />
        <IssueLink issueKey={entry.key} />
        <label htmlFor={checkId}>
          <span className="kr-visually-hidden">{entry.key} </span>
          {entry.title}
        </label>
      </p>
      <IssueMeta issue={entry} />
      <p className="kr-subtle">{entry.iceboxReason}</p>
      <Suggestions entry={entry} disabled={disabled} onLink={(kr) => void link(kr)} />
      <form
        className="kr-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (krId === '') {
            setState({ status: 'missing' });
          } else {
            void link(krId);
          }
        }}
      >
        <KrSelect
          id={selectId}
          label={`Key result for ${entry.key}`}
          options={krOptions}
          value={krId}
          disabled={disabled}
          invalid={state.status === 'missing'}
          describedBy={state.status === 'missing' ? missingId : undefined}
          onChange={(kr) => {
            setKrId(kr);
            setState({ status: 'idle' });
          }}
        />
        <button
          type="submit"
          className="kr-button kr-button--primary"
          disabled={disabled}
          aria-label={`Link to KR: ${entry.key} to the chosen key result`}
        >
          {state.status === 'linking' ? 'Linking…' : 'Link to KR'}
        </button>
      </form>
      {state.status === 'missing' && (
        <p id={missingId} className="kr-error" role="alert">
          Choose a key result for {entry.key} first — or link a suggestion above in one click.
        </p>
      )}
      {state.status === 'error' && <CallError error={state.error} />}
    </li>
  );
}
