import type { AdminData, AdminKeyResult } from '../../../src/contract/admin';
import { callResolver } from '../../../src/jira/pages/call-resolver';
import { CheckInForm as PageCheckInForm, type CheckInFormLook } from '../../shared/check-in-form';
import { ADMIN_LOOK, explain } from './error-message';

const LOOK: CheckInFormLook = {
  form: 'ka-check-in',
  field: 'ka-field',
  noteField: 'ka-field ka-wide',
  invalid: 'ka-field-error',
  actions: 'ka-actions',
  button: 'ka-button ka-button--primary',
  error: ADMIN_LOOK,
};

/**
 * A check-in on one KR: value, date, note → `admin/check-in`. The date starts on the server's
 * today, not the browser's: ahead of UTC, the browser's date is a day the server calls future.
 */
export function CheckInForm({
  kr,
  asOf,
  onDone,
  announce,
}: {
  kr: AdminKeyResult;
  asOf: string;
  onDone: (data: AdminData) => void;
  announce: (message: string) => void;
}) {
  return (
    <PageCheckInForm
      krId={kr.krId}
      unit={kr.unit}
      valueLabel="Value reached"
      example={kr.target}
      defaultDate={asOf}
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
