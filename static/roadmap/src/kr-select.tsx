import type { KrOption } from '../../../src/contract/roadmap';

/** A labelled picker of the active key results: one per Icebox row, one for a bulk link. */
export function KrSelect({
  id,
  label,
  options,
  value,
  disabled,
  onChange,
}: {
  id: string;
  label: string;
  options: readonly KrOption[];
  value: string;
  disabled: boolean;
  onChange: (krId: string) => void;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
      >
        {options.map((kr) => (
          <option key={kr.id} value={kr.id}>
            {kr.id} — {kr.title}
          </option>
        ))}
      </select>
    </>
  );
}
