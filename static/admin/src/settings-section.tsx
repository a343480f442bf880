import { useMemo, useState, type ReactNode } from 'react';
import type { AdminData, SettingsView } from '../../../src/contract/admin';
import type { ResolverError } from '../../../src/contract/result';
import { readNumber } from '../../../src/core/rice';
import { SettingsSchema } from '../../../src/core/settings';
import { formatPath, validationMessage } from '../../../src/core/validation-message';
import { callResolver } from '../../../src/jira/pages/call-resolver';
import { ErrorMessage } from './error-message';
import { plural } from './plural';
import { TextField } from './field';
import { byPath, FieldErrorsContext, type FieldError } from './field-errors';

/** The settings as typed: lists as comma-separated text, shares as percents. */
interface SettingsDraft {
  iceboxLabel: string;
  bauTypes: string;
  bauLabels: string;
  okrMin: string;
  okrMax: string;
  scheduleBoost: boolean;
  rankAutomatically: boolean;
  atRisk: string;
  behind: string;
  staleAfterDays: string;
  checkInGroups: string;
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

const numberOrText = (text: string): number | string => readNumber(text) ?? text.trim();

/** 0.1 → "10": people think of the health thresholds in percent. */
const percentText = (share: number | undefined, fallback: number): string =>
  String(Math.round((share ?? fallback) * 10000) / 100);

function draftOf(s: SettingsView): SettingsDraft {
  return {
    iceboxLabel: s.iceboxLabel,
    bauTypes: s.bauTypes.join(', '),
    bauLabels: s.bauLabels.join(', '),
    okrMin: String(s.capacity.okrMin),
    okrMax: String(s.capacity.okrMax),
    scheduleBoost: s.scheduleBoost,
    rankAutomatically: s.rankAutomatically,
    atRisk: percentText(s.health?.atRisk, 0.1),
    behind: percentText(s.health?.behind, 0.25),
    staleAfterDays: String(s.staleAfterDays ?? 14),
    checkInGroups: (s.checkInGroups ?? []).join(', '),
  };
}

/** The draft as the settings' shape, unvalidated: the core's SettingsSchema judges it. */
function toSettings(d: SettingsDraft): Record<string, unknown> {
  const share = (text: string): number | string => {
    const n = readNumber(text);
    return n === null ? text.trim() : n / 100;
  };
  return {
    iceboxLabel: d.iceboxLabel,
    bauTypes: list(d.bauTypes),
    bauLabels: list(d.bauLabels),
    scheduleBoost: d.scheduleBoost,
    capacity: { okrMin: numberOrText(d.okrMin), okrMax: numberOrText(d.okrMax) },
    rankAutomatically: d.rankAutomatically,
    health: { atRisk: share(d.atRisk), behind: share(d.behind) },
    staleAfterDays: numberOrText(d.staleAfterDays),
    checkInGroups: list(d.checkInGroups),
  };
}

/** The core's cross-field messages name keys; the form names the fields people see. */
const CROSS_FIELD: Record<string, string> = {
  'health.atRisk': 'must not be above the "behind plan" percentage',
  'capacity.okrMin': 'must not be above the maximum',
};

/**
 * The core's messages, by path. The health thresholds are shares in the core and percents
 * here, so their range message is said in percent.
 */
function check(raw: Record<string, unknown>): FieldError[] {
  const parsed = SettingsSchema.safeParse(raw);
  if (parsed.success) {
    return [];
  }
  return parsed.error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const message = validationMessage(issue, raw);
    if (issue.code === 'custom') {
      return { path, message: CROSS_FIELD[path] ?? message };
    }
    const inPercent =
      path.startsWith('health.') && issue.code !== 'invalid_type'
        ? 'must be a percentage above 0 and at most 100'
        : message;
    return { path, message: inPercent };
  });
}

/** "capacity.okrMin: must be 0..100" (the server's problems) → a field error. */
function fromProblems(problems: readonly string[]): FieldError[] {
  return problems.map((p) => {
    const cut = p.indexOf(': ');
    return cut < 0
      ? { path: '', message: p }
      : { path: p.slice(0, cut), message: p.slice(cut + 2) };
  });
}

function Checkbox(props: {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div className="ka-field ka-checkbox">
      <input
        id={props.id}
        type="checkbox"
        checked={props.checked}
        aria-describedby={`${props.id}-hint`}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={props.id}>{props.label}</label>
      <p id={`${props.id}-hint`} className="ka-hint">
        {props.hint}
      </p>
    </div>
  );
}

export function SettingsSection({
  settings,
  onSaved,
  announce,
}: {
  settings: SettingsView;
  onSaved: (data: AdminData) => void;
  announce: (message: string) => void;
}) {
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<ResolverError | null>(null);
  const local = useMemo(() => check(toSettings(draft)), [draft]);
  const context = useMemo(
    () => ({
      errors: byPath([...local, ...serverErrors].filter((e) => submitted || touched.has(e.path))),
      onLeave: (path: string) => setTouched((t) => (t.has(path) ? t : new Set(t).add(path))),
    }),
    [local, serverErrors, submitted, touched],
  );
  const set = (patch: Partial<SettingsDraft>): void => {
    setDraft({ ...draft, ...patch });
    setServerErrors([]);
  };

  const save = async (): Promise<void> => {
    setSubmitted(true);
    setFailure(null);
    if (local.length > 0) {
      return;
    }
    const answer = await callResolver('admin/save-settings', {
      settings: toSettings(draft) as SettingsView,
    });
    if (!answer.ok) {
      const fields =
        answer.error.kind === 'invalid-input' ? fromProblems(answer.error.problems ?? []) : [];
      setServerErrors(fields);
      setFailure(answer.error);
      return;
    }
    setDraft(draftOf(answer.data.settings));
    setSubmitted(false);
    setTouched(new Set());
    onSaved(answer.data);
    announce('Settings saved.');
  };

  const text = (
    path: string,
    label: string,
    key: keyof SettingsDraft,
    hint?: string,
  ): ReactNode => (
    <TextField
      label={label}
      hint={hint}
      paths={[path]}
      value={String(draft[key])}
      onChange={(value) => set({ [key]: value })}
    />
  );

  return (
    <section className="ka-section" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <FieldErrorsContext.Provider value={context}>
          <div className="ka-grid">
            {text('iceboxLabel', 'Icebox label', 'iceboxLabel', 'One word, such as icebox.')}
            {text(
              'bauTypes',
              'BAU issue types',
              'bauTypes',
              'Comma-separated, such as Bug, Support.',
            )}
            {text('bauLabels', 'BAU labels', 'bauLabels', 'Comma-separated.')}
            {text('capacity.okrMin', 'OKR capacity, minimum %', 'okrMin', '0 to 100.')}
            {text('capacity.okrMax', 'OKR capacity, maximum %', 'okrMax', '0 to 100.')}
            {text(
              'health.atRisk',
              'At risk when behind the expected line by, %',
              'atRisk',
              'Below this gap a KR is on track; default 10.',
            )}
            {text(
              'health.behind',
              'Behind plan when behind the expected line by, %',
              'behind',
              'From this gap on a KR is behind plan; default 25.',
            )}
            {text(
              'staleAfterDays',
              'Stale after, days without a check-in',
              'staleAfterDays',
              'A whole number from 1 to 366; default 14.',
            )}
            {text(
              'checkInGroups',
              'Groups who may check in',
              'checkInGroups',
              'Jira group names, comma-separated; administrators always may.',
            )}
          </div>
        </FieldErrorsContext.Provider>
        <Checkbox
          id="setting-schedule-boost"
          label="Behind-plan boost"
          hint="Work on KRs behind plan scores higher."
          checked={draft.scheduleBoost}
          onChange={(scheduleBoost) => set({ scheduleBoost })}
        />
        <Checkbox
          id="setting-rank-automatically"
          label="Rank automatically"
          hint="Keyrank re-ranks backlogs on its daily reconcile."
          checked={draft.rankAutomatically}
          onChange={(rankAutomatically) => set({ rankAutomatically })}
        />
        {failure !== null && <ErrorMessage error={failure} />}
        {submitted && local.length > 0 && (
          <p className="ka-field-error" role="alert">
            Nothing was saved: fix the {plural(new Set(local.map((e) => e.path)).size, 'field')}{' '}
            marked above.
          </p>
        )}
        <div className="ka-actions">
          <button type="submit" className="ka-button ka-button--primary">
            Save settings
          </button>
        </div>
      </form>
    </section>
  );
}
