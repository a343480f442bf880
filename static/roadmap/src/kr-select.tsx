import type { KrOption } from '../../../src/contract/roadmap';

export const CHOOSE_KR = 'Choose a key result…';

/**
 * A labelled picker of the active key results: one per Icebox row, one for a bulk link. It
 * starts on an empty choice, so nobody links an issue to the first KR in the list by accident.
 */
export function KrSelect({
  id,
  label,
  options,
  value,
  disabled,
  invalid = false,
  describedBy,
  onChange,
}: {
  id: string;
  label: string;
  options: readonly KrOption[];
  value: string;
  disabled: boolean;
  /** Set when a link was asked for without a choice; `describedBy` names the message. */
  invalid?: boolean;
  describedBy?: string | undefined;
  onChange: (krId: string) => void;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{CHOOSE_KR}</option>
        {options.map((kr) => (
          <option key={kr.id} value={kr.id}>
            {kr.id} — {kr.title}
          </option>
        ))}
      </select>
    </>
  );
}
