import { SelectField, TextField } from './field';
import { fieldId, useFieldErrors } from './field-errors';
import { KeyResultFields, keyResultPaths } from './key-result-fields';
import { allIds, emptyKr, type KrDraft, type ObjectiveDraft } from './okr-draft';

/** One objective's fields and its key results; `index` is its place in the file. */
export function ObjectiveFields({
  objective: o,
  index,
  others,
  allDrafts,
  onChange,
  onRemove,
}: {
  objective: ObjectiveDraft;
  index: number;
  /** The other objectives, for the parent picker. */
  others: readonly ObjectiveDraft[];
  allDrafts: readonly ObjectiveDraft[];
  onChange: (next: ObjectiveDraft) => void;
  onRemove: () => void;
}) {
  const path = `objectives[${index}]`;
  const set = (patch: Partial<ObjectiveDraft>): void => onChange({ ...o, ...patch });
  const name = o.id.trim() === '' ? `${index + 1} (no id yet)` : o.id.trim();
  const addKrId = `add-kr-${o.key}`;
  const krMessages = useFieldErrors().errors.get(`${path}.keyResults`) ?? [];

  const setKr = (j: number, next: KrDraft): void =>
    set({ keyResults: o.keyResults.map((k, i) => (i === j ? next : k)) });
  const removeKr = (j: number): void => {
    set({ keyResults: o.keyResults.filter((_, i) => i !== j) });
    // The removed fields are gone; the add button is where the person is most likely to go.
    requestAnimationFrame(() => document.getElementById(addKrId)?.focus());
  };
  const addKr = (): void => {
    const kr = emptyKr(o.id.trim() === '' ? `O${index + 1}` : o.id.trim(), allIds(allDrafts));
    set({ keyResults: [...o.keyResults, kr] });
    const j = o.keyResults.length;
    requestAnimationFrame(() =>
      document.getElementById(fieldId(`${path}.keyResults[${j}].title`))?.focus(),
    );
  };

  return (
    <fieldset className="ka-objective">
      <legend>Objective {name}</legend>
      <div className="ka-grid">
        <TextField
          label="Objective ID"
          paths={[`${path}.id`]}
          value={o.id}
          onChange={(id) => set({ id })}
          required
        />
        <TextField
          label="Objective title"
          className="ka-wide"
          paths={[`${path}.title`]}
          value={o.title}
          onChange={(title) => set({ title })}
          required
        />
        <SelectField
          label="Period given as"
          paths={[`${path}.periodKind`]}
          value={o.periodKind}
          options={[
            { value: 'quarter', label: 'A quarter' },
            { value: 'dates', label: 'Start and end dates' },
          ]}
          onChange={(periodKind) => set({ periodKind })}
        />
        {o.periodKind === 'quarter' ? (
          <TextField
            label="Quarter"
            hint="Such as 2026-Q4."
            paths={[`${path}.period`]}
            value={o.quarter}
            onChange={(quarter) => set({ quarter })}
            required
          />
        ) : (
          <>
            <TextField
              label="Period start"
              type="date"
              paths={[`${path}.period.start`, `${path}.period`]}
              value={o.start}
              onChange={(start) => set({ start })}
              required
            />
            <TextField
              label="Period end"
              type="date"
              paths={[`${path}.period.end`]}
              value={o.end}
              onChange={(end) => set({ end })}
              required
            />
          </>
        )}
        <TextField
          label="Objective weight"
          hint="A number > 0; empty means 1."
          paths={[`${path}.weight`]}
          value={o.weight}
          inputMode="decimal"
          onChange={(weight) => set({ weight })}
        />
        <TextField
          label="Objective owner"
          hint="Such as ana@example.com."
          paths={[`${path}.owner`]}
          value={o.owner}
          onChange={(owner) => set({ owner })}
        />
        <SelectField
          label="Parent objective"
          paths={[`${path}.parent`]}
          value={o.parent}
          options={[
            { value: '', label: 'None' },
            // A parent that is no longer in the form stays selectable, so its message shows.
            ...(o.parent !== '' && !others.some((p) => p.id === o.parent)
              ? [{ value: o.parent, label: `${o.parent} (not in this file)` }]
              : []),
            ...others
              .filter((p) => p.id.trim() !== '')
              .map((p) => ({ value: p.id, label: `${p.id} — ${p.title}` })),
          ]}
          onChange={(parent) => set({ parent })}
        />
      </div>
      <h4 className="ka-kr-heading">Key results of {name}</h4>
      {krMessages.length > 0 && (
        <p id={fieldId(`${path}.keyResults`)} className="ka-field-error">
          {krMessages.join(' · ')}
        </p>
      )}
      {o.keyResults.map((kr, j) => (
        <KeyResultFields
          key={kr.key}
          kr={kr}
          path={`${path}.keyResults[${j}]`}
          onChange={(next) => setKr(j, next)}
          onRemove={() => removeKr(j)}
        />
      ))}
      <div className="ka-actions">
        <button type="button" id={addKrId} className="ka-button" onClick={addKr}>
          Add key result to {name}
        </button>
        <button type="button" className="ka-button ka-button--subtle" onClick={onRemove}>
          Remove objective {name}
        </button>
      </div>
    </fieldset>
  );
}

/** Every path an objective's fields answer for. */
export function objectivePaths(o: ObjectiveDraft, index: number): string[] {
  const path = `objectives[${index}]`;
  const own = ['id', 'title', 'period', 'weight', 'owner', 'parent', 'keyResults'];
  const dates = o.periodKind === 'dates' ? ['period.start', 'period.end'] : [];
  return [
    ...[...own, ...dates].map((p) => `${path}.${p}`),
    ...o.keyResults.flatMap((k, j) => keyResultPaths(k, `${path}.keyResults[${j}]`)),
  ];
}
