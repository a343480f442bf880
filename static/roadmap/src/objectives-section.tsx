import { useId, useState } from 'react';
import type {
  RoadmapIssue,
  RoadmapKeyResult,
  RoadmapObjective,
} from '../../../src/contract/roadmap';

const pct = (x: number): number => Math.round(x * 100);

function amount(n: number, unit: string | null): string {
  const text = Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '');
  return unit === null ? text : unit === '%' ? `${text}%` : `${text} ${unit}`;
}

/** Progress from baseline to target with a marker where the KR should be today. */
function KrProgress({ kr }: { kr: RoadmapKeyResult }) {
  const label =
    `${kr.id}: ${amount(kr.current, kr.unit)} on the way from ${amount(kr.baseline, kr.unit)} to ` +
    `${amount(kr.target, kr.unit)}, ${pct(kr.progress)}% done; ${pct(kr.expected)}% expected by now` +
    (kr.behindPlan ? ', behind plan' : '');
  return (
    <div className="kr-progress-wrap">
      <div
        className={`kr-progress${kr.behindPlan ? ' kr-progress--behind' : ''}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct(kr.progress)}
        aria-valuetext={label}
        aria-label={`${kr.id} progress`}
      >
        <div className="kr-progress__fill" style={{ width: `${pct(kr.progress)}%` }} />
        <div
          className="kr-progress__expected"
          style={{ left: `${pct(kr.expected)}%` }}
          title={`expected by now: ${pct(kr.expected)}%`}
          data-testid={`expected-${kr.id}`}
        />
      </div>
      <div className="kr-progress__scale" aria-hidden="true">
        <span>{amount(kr.baseline, kr.unit)}</span>
        <span>
          <strong>{amount(kr.current, kr.unit)}</strong> · {pct(kr.progress)}% · expected{' '}
          {pct(kr.expected)}%
        </span>
        <span>{amount(kr.target, kr.unit)}</span>
      </div>
    </div>
  );
}

function IssueRow({ issue }: { issue: RoadmapIssue }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <li className="kr-issue">
      <button
        type="button"
        className="kr-issue__toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        <span className="kr-chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <span className="kr-issue__key">{issue.key}</span>
        <span className="kr-issue__title">{issue.title}</span>
        <span
          className="kr-score"
          aria-label={issue.score === null ? 'no score' : `score ${issue.score}`}
        >
          {issue.score === null ? '—' : issue.score}
        </span>
      </button>
      <div id={id} className="kr-issue__why" hidden={!open}>
        <p>{issue.explanation}</p>
        {issue.problems.length > 0 && (
          <ul className="kr-problems">
            {issue.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}

function KeyResultCard({ kr }: { kr: RoadmapKeyResult }) {
  const titleId = useId();
  return (
    <li
      className={`kr-card${kr.behindPlan ? ' kr-card--behind' : ''}`}
      aria-labelledby={titleId}
      data-testid={`kr-${kr.id}`}
    >
      <div className="kr-card__head">
        <h4 id={titleId}>
          <span className="kr-id">{kr.id}</span> {kr.title}
        </h4>
        {kr.behindPlan && <span className="kr-lozenge kr-lozenge--danger">Behind plan</span>}
      </div>
      <KrProgress kr={kr} />
      {kr.issues.length === 0 ? (
        <p className="kr-subtle">No open work is linked to {kr.id}.</p>
      ) : (
        <ol className="kr-issues" aria-label={`Issues linked to ${kr.id}, by score`}>
          {kr.issues.map((issue) => (
            <IssueRow key={issue.key} issue={issue} />
          ))}
        </ol>
      )}
    </li>
  );
}

export function ObjectivesSection({ objectives }: { objectives: RoadmapObjective[] }) {
  return (
    <section className="kr-section" aria-labelledby="objectives-title">
      <h2 id="objectives-title">Objectives and key results</h2>
      {objectives.length === 0 && (
        <p className="kr-subtle">No objective is active today — import this period's OKRs.</p>
      )}
      {objectives.map((o) => (
        <article key={o.id} className="kr-objective" aria-labelledby={`objective-${o.id}`}>
          <h3 id={`objective-${o.id}`}>
            <span className="kr-id">{o.id}</span> {o.title}
          </h3>
          <p className="kr-subtle">
            {o.period}
            {o.weight !== 1 && ` · weight ${o.weight}`}
            {o.owner !== null && ` · ${o.owner}`}
          </p>
          <ul className="kr-cards">
            {o.keyResults.map((kr) => (
              <KeyResultCard key={kr.id} kr={kr} />
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}
