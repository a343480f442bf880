import { useCallback, useMemo, useRef, useState } from 'react';
import type { AdminData } from '../../../src/contract/admin';
import type { ResolverError } from '../../../src/contract/result';
import type { OkrFile } from '../../../src/core/okr-file';
import { validateOkrDocument } from '../../../src/core/okr-file';
import { callResolver } from '../../../src/jira/pages/call-resolver';
import { ErrorMessage } from './error-message';
import {
  byPath,
  fieldId,
  FieldErrorsContext,
  shownAt,
  type FieldError,
  type FieldErrorsValue,
} from './field-errors';
import { ObjectiveFields, objectivePaths } from './objective-fields';
import {
  emptyObjective,
  fromDocument,
  nextQuarter,
  nextQuarterSkeletons,
  toDocument,
  type ObjectiveDraft,
} from './okr-draft';
import { plural } from './plural';

/** The core's judgement of a draft: its errors and warnings, path by path. */
function check(drafts: readonly ObjectiveDraft[]): {
  errors: FieldError[];
  warnings: FieldError[];
} {
  const result = validateOkrDocument(toDocument(drafts));
  const plain = (i: { path: string; message: string }): FieldError => ({
    path: i.path,
    message: i.message,
  });
  return {
    errors: result.ok ? [] : result.errors.map(plain),
    warnings: result.warnings.map(plain),
  };
}

export function savedSentence(document: OkrFile | null): string {
  const objectives = document?.objectives ?? [];
  const krs = objectives.reduce((n, o) => n + o.keyResults.length, 0);
  return `Saved ${plural(objectives.length, 'objective')} and ${plural(krs, 'key result')}.`;
}

/**
 * The stored OKRs as a form. The core's `validateOkrDocument` judges every change (shown for
 * fields already left, and for all on save); the server judges again and its `fieldErrors`
 * are shown the same way.
 */
export function OkrsSection({
  document: stored,
  currents,
  onSaved,
  announce,
}: {
  document: OkrFile | null;
  /** Each KR's value now, by id: next quarter's skeletons start from it. */
  currents: ReadonlyMap<string, number>;
  onSaved: (data: AdminData) => void;
  announce: (message: string) => void;
}) {
  const [drafts, setDrafts] = useState(() => fromDocument(stored));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<ResolverError | null>(null);
  const [saving, setSaving] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  const local = useMemo(() => check(drafts), [drafts]);
  const fields = useMemo(() => new Set(drafts.flatMap((o, i) => objectivePaths(o, i))), [drafts]);
  const shown = useMemo(() => {
    const all = [...local.errors, ...serverErrors];
    const visible = submitted
      ? all
      : all.filter((e) => {
          const at = shownAt(e.path, fields);
          return at !== null && touched.has(at);
        });
    return visible.map((e) => ({ ...e, at: shownAt(e.path, fields) }));
  }, [local.errors, serverErrors, submitted, touched, fields]);

  const context = useMemo<FieldErrorsValue>(
    () => ({
      errors: byPath(shown.flatMap((e) => (e.at === null ? [] : [{ ...e, path: e.at }]))),
      onLeave: (path) => setTouched((t) => (t.has(path) ? t : new Set(t).add(path))),
    }),
    [shown],
  );

  const edit = useCallback((next: ObjectiveDraft[]) => {
    setDrafts(next);
    // What the server said was about the values it saw; the core judges the new ones.
    setServerErrors([]);
  }, []);

  const addObjective = (): void => {
    const next = [...drafts, emptyObjective(drafts, nextQuarter(new Date()))];
    edit(next);
    const i = drafts.length;
    requestAnimationFrame(() =>
      window.document.getElementById(fieldId(`objectives[${i}].title`))?.focus(),
    );
  };

  const createNextQuarter = (): void => {
    const next = nextQuarterSkeletons(drafts, currents);
    if (next === null) {
      announce('Give an objective a quarter such as 2026-Q4 first: next quarter follows it.');
      return;
    }
    const first = drafts.length;
    edit([...drafts, ...next.added]);
    announce(
      `Added ${plural(next.added.length, 'objective')} for ${next.to}, copied from ${next.from}: set each key result's target, then save.`,
    );
    requestAnimationFrame(() =>
      window.document.getElementById(fieldId(`objectives[${first}].keyResults[0].target`))?.focus(),
    );
  };

  const save = async (): Promise<void> => {
    if (saving) {
      return;
    }
    setSubmitted(true);
    setFailure(null);
    if (local.errors.length > 0) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setSaving(true);
    const answer = await callResolver('admin/save-okrs', { document: toDocument(drafts) });
    setSaving(false);
    if (!answer.ok) {
      const fieldErrors = answer.error.fieldErrors ?? [];
      setServerErrors(fieldErrors);
      setFailure(fieldErrors.length > 0 ? null : answer.error);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setDrafts(fromDocument(answer.data.document));
    setSubmitted(false);
    setTouched(new Set());
    setServerErrors([]);
    onSaved(answer.data);
    announce(savedSentence(answer.data.document));
  };

  const problems = submitted ? shown : [];
  return (
    <section className="ka-section" aria-labelledby="okrs-title">
      <h2 id="okrs-title">OKRs</h2>
      <p className="ka-subtle">
        Objectives and their key results for each period. Empty optional fields take the file&apos;s
        defaults.
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div ref={summaryRef} tabIndex={-1} className="ka-summary-anchor">
          {problems.length > 0 && (
            <div className="ka-error" role="alert">
              <p>
                {problems.length === 1
                  ? '1 problem to fix before saving — nothing was saved:'
                  : `${problems.length} problems to fix before saving — nothing was saved:`}
              </p>
              <ul>
                {problems.map((p) => (
                  <li key={`${p.path}:${p.message}`}>
                    {p.at === null ? (
                      `${p.path === '' ? 'The OKRs' : p.path}: ${p.message}`
                    ) : (
                      <a
                        href={`#${fieldId(p.at)}`}
                        onClick={(e) => {
                          e.preventDefault();
                          window.document.getElementById(fieldId(p.at ?? ''))?.focus();
                        }}
                      >
                        {p.path}: {p.message}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {failure !== null && <ErrorMessage error={failure} />}
        </div>
        {drafts.length === 0 && (
          <div className="ka-empty">
            <p>
              <strong>No OKRs are stored yet.</strong> Add the first objective below and give it a
              key result, or import an OKR file (YAML) under Advanced.
            </p>
          </div>
        )}
        <FieldErrorsContext.Provider value={context}>
          {drafts.map((o, i) => (
            <ObjectiveFields
              key={o.key}
              objective={o}
              index={i}
              others={drafts.filter((_, j) => j !== i)}
              allDrafts={drafts}
              onChange={(next) => edit(drafts.map((d, j) => (j === i ? next : d)))}
              onRemove={() => {
                edit(drafts.filter((_, j) => j !== i));
                requestAnimationFrame(() =>
                  window.document.getElementById('add-objective')?.focus(),
                );
              }}
            />
          ))}
        </FieldErrorsContext.Provider>
        {local.warnings.length > 0 && (
          <ul className="ka-warnings" aria-label="Worth a look (saving is still possible)">
            {local.warnings.map((w) => (
              <li key={`${w.path}:${w.message}`}>{w.message}</li>
            ))}
          </ul>
        )}
        <div className="ka-actions">
          <button type="button" id="add-objective" className="ka-button" onClick={addObjective}>
            Add objective
          </button>
          {drafts.length > 0 && (
            <button type="button" className="ka-button" onClick={createNextQuarter}>
              Create next quarter
            </button>
          )}
          <button type="submit" className="ka-button ka-button--primary" aria-disabled={saving}>
            {saving ? 'Saving OKRs…' : 'Save OKRs'}
          </button>
        </div>
      </form>
    </section>
  );
}
