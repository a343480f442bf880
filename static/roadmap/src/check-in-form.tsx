import { useId, useState } from 'react';
import type { KrLiveView } from '../../../src/contract/key-results';
import type { ResolverError } from '../../../src/contract/result';
import type { RoadmapKeyResult } from '../../../src/contract/roadmap';
import { transport } from './transport';
import { CallError } from './call-state';

type FormState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'missing'; message: string }
  | { status: 'error'; error: ResolverError };

/**
 * A person's check-in on one KR: value, date (today unless said), note → `roadmap/checkIn`.
 * The server checks who may and refuses a future date; the form only asks for a number first,
 * so an empty field is named here instead of travelling to Jira.
 */
export function CheckInForm({
  kr,
  asOf,
  onCheckedIn,
}: {
  kr: RoadmapKeyResult;
  asOf: string;
  onCheckedIn: (live: KrLiveView, value: number, date: string) => void;
}) {
  const id = useId();
  const [value, setValue] = useState('');
  const [date, setDate] = useState(asOf);
  const [note, setNote] = useState('');
  const [state, setState] = useState<FormState>({ status: 'idle' });
  const saving = state.status === 'saving';

  const submit = async (): Promise<void> => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) {
      setState({
        status: 'missing',
        message: `Enter the value ${kr.id} has reached, as a number (such as ${kr.target}).`,
      });
      return;
    }
    setState({ status: 'saving' });
    const answer = await transport.call('roadmap/checkIn', {
      krId: kr.id,
      value: number,
      ...(date !== '' && { date }),
      ...(note.trim() !== '' && { note: note.trim() }),
    });
    if (!answer.ok) {
      setState({ status: 'error', error: answer.error });
      return;
    }
    setValue('');
    setNote('');
    setState({ status: 'idle' });
    onCheckedIn(answer.data, number, date === '' ? asOf : date);
  };

  return (
    <details className="kr-checkin">
      <summary>Check in a value</summary>
      <form
        className="kr-checkin__form"
        aria-label={`Check in ${kr.id}`}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p>
          <label htmlFor={`${id}-value`}>Value{kr.unit === null ? '' : ` (${kr.unit})`}</label>
          <input
            id={`${id}-value`}
            type="number"
            step="any"
            inputMode="decimal"
            value={value}
            disabled={saving}
            aria-invalid={state.status === 'missing'}
            aria-describedby={state.status === 'missing' ? `${id}-missing` : undefined}
            onChange={(event) => setValue(event.target.value)}
          />
        </p>
        <p>
          <label htmlFor={`${id}-date`}>Date</label>
          <input
            id={`${id}-date`}
            type="date"
            max={asOf}
            value={date}
            disabled={saving}
            onChange={(event) => setDate(event.target.value)}
          />
        </p>
        <p className="kr-checkin__note">
          <label htmlFor={`${id}-note`}>Note (optional)</label>
          <input
            id={`${id}-note`}
            type="text"
            maxLength={500}
            value={note}
            disabled={saving}
            onChange={(event) => setNote(event.target.value)}
          />
        </p>
        <button type="submit" className="kr-button kr-button--primary" disabled={saving}>
          {saving ? 'Checking in…' : `Check in ${kr.id}`}
        </button>
      </form>
      {state.status === 'missing' && (
        <p id={`${id}-missing`} className="kr-error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'error' && <CallError error={state.error} onRetry={() => void submit()} />}
    </details>
  );
}
