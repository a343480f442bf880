import type { AdminData, AdminKeyResult } from '../../../src/contract/admin';
import { callResolver } from '../../../src/jira/pages/call-resolver';
import { CheckInForm as PageCheckInForm, type CheckInFormLook } from '../../shared/check-in-form';
import { ADMIN_LOOK, explain } from './error-message';

/** Today in the person's own calendar, YYYY-MM-DD: the day they would write on a check-in. */
export function localDay(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const LOOK: CheckInFormLook = {
  form: 'ka-check-in',
  field: 'ka-field',
  noteField: 'ka-field ka-wide',
  invalid: 'ka-field-error',
  actions: 'ka-actions',
  button: 'ka-button ka-button--primary',
  error: ADMIN_LOOK,
};

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
  return (
    <PageCheckInForm
      krId={kr.krId}
      unit={kr.unit}
      valueLabel="Value reached"
      example={kr.target}
      defaultDate={localDay(new Date())}
      send={(payload) => callResolver('admin/check-in', payload)}
      onCheckedIn={(data, value, date) => {
        onDone(data);
        announce(`Checked in ${kr.krId}: ${value} on ${date ?? 'today'}.`);
      }}
      explain={explain}
      look={LOOK}
    />
  );
}
