import { SelectField, TextField } from './field';
import type { KrDraft, ProgressSourceName } from './okr-draft';

const SOURCES: { value: ProgressSourceName; label: string }[] = [
  { value: 'manual', label: 'Manual — people check in' },
  { value: 'linked-done', label: 'Linked done — share of linked issues done' },
  { value: 'query', label: 'Query — a number from JQL' },
  { value: 'push', label: 'Push — an outside system posts values' },
];

/** One key result's fields; `path` is the core's path of the KR, such as objectives[0].keyResults[1]. */
export function KeyResultFields({
  kr,
  path,
  onChange,
  onRemove,
}: {
  kr: KrDraft;
  path: string;
  onChange: (next: KrDraft) => void;
  onRemove: () => void;
}) {
  const set = (patch: Partial<KrDraft>): void => onChange({ ...kr, ...patch });
  const name = kr.id.trim() === '' ? 'without an id' : kr.id.trim();
  return (
    <fieldset className="ka-kr" data-testid={`kr-form-${kr.key}`}>
      <legend>Key result {name}</legend>
      <div className="ka-grid">
        <TextField
          label="Key result ID"
          paths={[`${path}.id`]}
          value={kr.id}
          onChange={(id) => set({ id })}
          required
        />
        <TextField
          label="Key result title"
          className="ka-wide"
          paths={[`${path}.title`]}
          value={kr.title}
          onChange={(title) => set({ title })}
          required
        />
        <TextField
          label="Baseline"
          paths={[`${path}.baseline`]}
          value={kr.baseline}
          inputMode="decimal"
          onChange={(baseline) => set({ baseline })}
          required
        />
        <TextField
          label="Target"
          paths={[`${path}.target`]}
          value={kr.target}
          inputMode="decimal"
          onChange={(target) => set({ target })}
          required
        />
        <TextField
          label="Current (optional)"
          hint="Check-ins replace it; empty means the baseline."
          paths={[`${path}.current`]}
          value={kr.current}
          inputMode="decimal"
          onChange={(current) => set({ current })}
        />
        <TextField
          label="Unit"
          hint="Such as %, NPS, accounts."
          paths={[`${path}.unit`]}
          value={kr.unit}
          onChange={(unit) => set({ unit })}
        />
        <TextField
          label="Deadline"
          hint="Empty means the end of the period."
          type="date"
          paths={[`${path}.deadline`]}
          value={kr.deadline}
          onChange={(deadline) => set({ deadline })}
        />
        <TextField
          label="Key result weight"
          hint="A number > 0; empty means 1."
          paths={[`${path}.weight`]}
          value={kr.weight}
          inputMode="decimal"
          onChange={(weight) => set({ weight })}
        />
        <TextField
          label="Key result owner"
          hint="Empty means the objective's owner."
          paths={[`${path}.owner`]}
          value={kr.owner}
          onChange={(owner) => set({ owner })}
        />
        <SelectField
          label="Progress source"
          paths={[`${path}.progress`, `${path}.progress.source`]}
          value={kr.source}
          options={SOURCES}
          onChange={(source) => set({ source })}
        />
        {kr.source === 'linked-done' && (
          <SelectField
            label="Count linked issues by"
            paths={[`${path}.progress.by`]}
            value={kr.by}
            options={[
              { value: 'count', label: 'Count of issues' },
              { value: 'effort', label: 'Effort (RICE effort or estimate)' },
            ]}
            onChange={(by) => set({ by })}
          />
        )}
        {kr.source === 'query' && (
          <>
            <TextField
              label="JQL query"
              className="ka-wide"
              hint="Such as project = ENG AND labels = onboarding AND statusCategory = Done"
              paths={[`${path}.progress.jql`]}
              value={kr.jql}
              onChange={(jql) => set({ jql })}
            />
            <TextField
              label="Measure"
              hint='"count", or "sum:<numeric field>" such as sum:storyPoints; empty means count.'
              paths={[`${path}.progress.measure`]}
              value={kr.measure}
              onChange={(measure) => set({ measure })}
            />
          </>
        )}
      </div>
      <button type="button" className="ka-button ka-button--subtle" onClick={onRemove}>
        Remove key result {name}
      </button>
    </fieldset>
  );
}

/** Every path a key result's fields answer for: messages elsewhere go to the summary only. */
export function keyResultPaths(kr: KrDraft, path: string): string[] {
  const own = [
    'id',
    'title',
    'baseline',
    'target',
    'current',
    'unit',
    'deadline',
    'weight',
    'owner',
    'progress',
  ];
  const extra =
    kr.source === 'linked-done'
      ? ['progress.by']
      : kr.source === 'query'
        ? ['progress.jql', 'progress.measure']
        : [];
  return [...own, ...extra].map((p) => `${path}.${p}`);
}
