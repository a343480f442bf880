import type { KrLiveView } from '../../../src/contract/key-results';
import type { RoadmapKeyResult } from '../../../src/contract/roadmap';
import { ROADMAP_LOOK } from '../../shared/call-error';
import { CheckInForm as PageCheckInForm, type CheckInFormLook } from '../../shared/check-in-form';
import { explain } from './call-error';
import { transport } from './transport';

const LOOK: CheckInFormLook = {
  form: 'kr-checkin__form',
  field: 'kr-checkin__field',
  noteField: 'kr-checkin__field kr-checkin__note',
  invalid: 'kr-error',
  actions: 'kr-checkin__actions',
  button: 'kr-button kr-button--primary',
  error: ROADMAP_LOOK,
};

/**
 * A person's check-in on one KR, behind a disclosure so the card stays short:
 * value, date (the page's today unless said), note → `roadmap/checkIn`.
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
  return (
    <details className="kr-checkin">
      <summary>Check in a value</summary>
      <PageCheckInForm
        krId={kr.id}
        unit={kr.unit}
        valueLabel="Value"
        example={kr.target}
        defaultDate={asOf}
        maxDate={asOf}
        send={(payload) => transport.call('roadmap/checkIn', payload)}
        onCheckedIn={(live, value, date) => onCheckedIn(live, value, date ?? asOf)}
        explain={explain}
        look={LOOK}
      />
    </details>
  );
}
