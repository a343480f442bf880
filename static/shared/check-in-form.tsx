import { useId, useState } from 'react';
import type { CheckInPayload } from '../../src/contract/key-results';
import type { ResolverError, ResolverResult } from '../../src/contract/result';
import { readNumber } from '../../src/core/rice';
import { CallError, type CallErrorLook } from './call-error';
import type { Explained } from './explain-failure';

/** A page's classes for the form's parts: the admin page lays it out as a grid, the roadmap inline. */
export interface CheckInFormLook {
  form: string;
  field: string;
  /** The note's field: the widest of the three. */
  noteField: string;
  /** What is wrong with the value, under the form. */
  invalid: string;
  actions: string;
  button: string;
  error: CallErrorLook;
}

type FormState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'invalid'; message: string }
  | { status: 'error'; error: ResolverError };

/** What to type instead, naming what was typed when it is not a number. */
function invalidValue(raw: string, krId: string, example: number): string {
  const ask = `the value ${krId} has reached, as a number (such as ${example})`;
  return raw.trim() === '' ? `Enter ${ask}.` : `"${raw.trim()}" is not a number — enter ${ask}.`;
}

/**
 * A person's check-in on one KR: value, date, note → the page's check-in call (`admin/check-in`,
 * `roadmap/checkIn`). The server checks who may and refuses a future date; the form only asks
 * for a number first, so a value that is not one is named here and never leaves the page.
 */
export function CheckInForm<T>({
  krId,
  unit,
  valueLabel,
  example,
  defaultDate,
  maxDate,
  send,
  onCheckedIn,
  explain,
  look,
}: {
  krId: string;
  unit: string | null;
  /** The value field's label, before the unit. */
  valueLabel: string;
  /** The number the hint offers as an example (the KR's target). */
  example: number;
  /** The date field's first value: the person's today. */
  defaultDate: string;
  /** The latest date the picker offers. */
  maxDate?: string;
  send: (payload: CheckInPayload) => Promise<ResolverResult<T>>;
  /** `date` is undefined when the field was cleared: the server dates it today. */
  onCheckedIn: (data: T, value: number, date: string | undefined) => void;
  explain: (error: ResolverError) => Explained;
  look: CheckInFormLook;
}) {
  const id = useId();
  const [value, setValue] = useState('');
  const [date, setDate] = useState(defaultDate);
  const [note, setNote] = useState('');
  const [state, setState] = useState<FormState>({ status: 'idle' });
  const saving = state.status === 'saving';

  const submit = async (): Promise<void> => {
    if (saving) {
      return;
    }
    const number = readNumber(value);
    if (number === null) {
      setState({ status: 'invalid', message: invalidValue(value, krId, example) });
      return;
    }
    setState({ status: 'saving' });
    const answer = await send({
      krId,
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
    onCheckedIn(answer.data, number, date === '' ? undefined : date);
  };

  return (
    <>
      <form
        className={look.form}
        aria-label={`Check in ${krId}`}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className={look.field}>
          <label htmlFor={`${id}-value`}>
            {valueLabel}
            {unit === null ? '' : ` (${unit})`}
          </label>
          <input
            id={`${id}-value`}
            inputMode="decimal"
            autoComplete="off"
            value={value}
            aria-invalid={state.status === 'invalid' ? true : undefined}
            aria-describedby={state.status === 'invalid' ? `${id}-invalid` : undefined}
            onChange={(event) => setValue(event.target.value)}
          />
        </div>
        <div className={look.field}>
          <label htmlFor={`${id}-date`}>Date</label>
          <input
            id={`${id}-date`}
            type="date"
            max={maxDate}
            value={date}
            onChange={(event) => setDate(event.target.value)}
          />
        </div>
        <div className={look.noteField}>
          <label htmlFor={`${id}-note`}>Note (optional)</label>
          <input
            id={`${id}-note`}
            maxLength={500}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
        <div className={look.actions}>
          {/* aria-disabled, not disabled: the button keeps the focus while the call runs. */}
          <button type="submit" className={look.button} aria-disabled={saving}>
            {saving ? 'Checking in…' : `Check in ${krId}`}
          </button>
        </div>
      </form>
      {state.status === 'invalid' && (
        <p id={`${id}-invalid`} className={look.invalid} role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'error' && (
        <CallError
          error={state.error}
          explain={explain}
          look={look.error}
          onRetry={() => void submit()}
        />
      )}
    </>
  );
}
