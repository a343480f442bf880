import type { ReactNode } from 'react';
import { fieldId, useFieldErrors } from './field-errors';

interface FieldProps {
  label: string;
  /**
   * The core's paths this field answers for, its own first (its id comes from it); a period's
   * start date also shows messages about the period as a whole.
   */
  paths: readonly string[];
  hint?: string;
  className?: string;
}

/** Messages of a field and its hint, linked with aria-describedby; what the control needs. */
function useField({ paths, hint }: FieldProps) {
  const { errors, onLeave } = useFieldErrors();
  const id = fieldId(paths[0] ?? '');
  const messages = paths.flatMap((p) => errors.get(p) ?? []);
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  const errorId = messages.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(' ');
  return {
    id,
    messages,
    hintId,
    errorId,
    control: {
      id,
      'aria-invalid': messages.length > 0 ? true : undefined,
      'aria-describedby': describedBy === '' ? undefined : describedBy,
      onBlur: () => onLeave(paths[0] ?? ''),
    },
  };
}

function FieldFrame(
  props: FieldProps & { field: ReturnType<typeof useField>; children: ReactNode },
) {
  const { field } = props;
  return (
    <div className={`ka-field ${props.className ?? ''}`}>
      <label htmlFor={field.id}>{props.label}</label>
      {props.children}
      {props.hint !== undefined && (
        <p id={field.hintId} className="ka-hint">
          {props.hint}
        </p>
      )}
      {field.errorId !== undefined && (
        <p id={field.errorId} className="ka-field-error">
          {field.messages.join(' · ')}
        </p>
      )}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    type?: 'text' | 'date';
    inputMode?: 'decimal' | 'text';
    required?: boolean;
    placeholder?: string;
  },
) {
  const field = useField(props);
  return (
    <FieldFrame {...props} field={field}>
      <input
        {...field.control}
        type={props.type ?? 'text'}
        inputMode={props.inputMode}
        value={props.value}
        required={props.required}
        placeholder={props.placeholder}
        autoComplete="off"
        onChange={(e) => props.onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

export function SelectField<V extends string>(
  props: FieldProps & {
    value: V;
    options: readonly { value: V; label: string }[];
    onChange: (value: V) => void;
  },
) {
  const field = useField(props);
  return (
    <FieldFrame {...props} field={field}>
      <select
        {...field.control}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as V)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
