import { useState } from 'react';
import type { AdminData, AdminKeyResult } from '../../../src/contract/admin';
import type { ResolverError } from '../../../src/contract/result';
import { readNumber } from '../../../src/core/rice';
import { callResolver } from '../../../src/jira/pages/call-resolver';
import { ErrorMessage } from './error-message';

/** Today in the person's own calendar, YYYY-MM-DD: the day they would write on a check-in. */
export function localDay(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A check-in on one KR: value, date (today unless changed), note → `admin/check-in`. */
export function CheckInForm({
  kr,
  onDone,
  announce,
}: {
  kr: AdminKeyResult;
  onDone: (data: AdminData) => void;
  announce: (message: string) => void;
}) {
  const [value, setValue] = useState('');
  const [date, setDate] = useState(() => localDay(new Date()));
  const [note, setNote] = useState('');
  const [valueError, setValueError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ResolverError | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `check-in-${kr.krId.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

  const submit = async (): Promise<void> => {
    if (busy) {
      return;
    }
    setFailure(null);
    const number = readNumber(value);
    if (number === null) {
      setValueError(
        value.trim() === ''
          ? 'Enter the value reached, such as 47.'
          : `"${value.trim()}" is not a number — enter the value reached, such as 47.`,
      );
      document.getElementById(`${base}-value`)?.focus();
      return;
    }
    setValueError(null);
    setBusy(true);
    const answer = await callResolver('admin/check-in', {
      krId: kr.krId,
      value: number,
      ...(date !== '' && { date }),
      ...(note.trim() !== '' && { note: note.trim() }),
    });
    setBusy(false);
    if (!answer.ok) {
      setFailure(answer.error);
      return;
    }
    setValue('');
    setNote('');
    onDone(answer.data);
    announce(`Checked in ${kr.krId}: ${number} on ${date === '' ? 'today' : date}.`);
  };

  return (
    <form
      className="ka-check-in"
      aria-label={`Check in ${kr.krId}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="ka-field">
        <label htmlFor={`${base}-value`}>
          Value reached{kr.unit === null ? '' : ` (${kr.unit})`}
        </label>
        <input
          id={`${base}-value`}
          inputMode="decimal"
          autoComplete="off"
          value={value}
          aria-invalid={valueError === null ? undefined : true}
          aria-describedby={valueError === null ? undefined : `${base}-value-error`}
          onChange={(e) => setValue(e.target.value)}
        />
        {valueError !== null && (
          <p id={`${base}-value-error`} className="ka-field-error">
            {valueError}
          </p>
        )}
      </div>
      <div className="ka-field">
        <label htmlFor={`${base}-date`}>Date</label>
        <input
          id={`${base}-date`}
          type="date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
        />
      </div>
      <div className="ka-field ka-wide">
        <label htmlFor={`${base}-note`}>Note (optional)</label>
        <input
          id={`${base}-note`}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <div className="ka-actions">
        <button type="submit" className="ka-button ka-button--primary" aria-disabled={busy}>
          Check in {kr.krId}
        </button>
      </div>
      {failure !== null && <ErrorMessage error={failure} />}
    </form>
  );
}
