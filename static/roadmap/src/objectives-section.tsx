import { useEffect, useId, useRef, useState } from 'react';
import type { KrLiveView } from '../../../src/contract/key-results';
import type {
  RoadmapIssue,
  RoadmapKeyResult,
  RoadmapObjective,
} from '../../../src/contract/roadmap';
import { amount, pct } from './amount';
import { BurnUp } from './burn-up';
import { CheckInForm } from './check-in-form';
import { IssueLink } from './issue-link';
import { IssueMeta } from './issue-meta';
import { HealthBadge, healthText, StaleMarker } from './kr-standing';

/** Progress from baseline to target with a marker where the KR should be today. */
function KrProgress({ kr }: { kr: RoadmapKeyResult }) {
  const label =
    `${kr.id}: ${amount(kr.current, kr.unit)} on the way from ${amount(kr.baseline, kr.unit)} to ` +
    `${amount(kr.target, kr.unit)}, ${pct(kr.progress)}% done; ${pct(kr.expected)}% expected by now, ` +
    healthText(kr.health).toLowerCase();
  return (
    <div className="kr-progress-wrap">
      <div
        className={`kr-progress kr-progress--${kr.health}`}
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
      <div className="kr-issue__row">
        <IssueLink issueKey={issue.key} />
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
          {/* The key is the link beside; the button repeats it for its own name. */}
          <span className="kr-visually-hidden">{issue.key} </span>
          <span className="kr-issue__title">{issue.title}</span>
          <span
            className="kr-score"
            aria-label={issue.score === null ? 'no score' : `score ${issue.score}`}
          >
            {issue.score === null ? '—' : issue.score}
          </span>
        </button>
      </div>
      <IssueMeta issue={issue} />
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

/** KRs whose value people enter; linked-done and query KRs are read by Keyrank itself. */
const CHECKED_IN = new Set(['manual', 'push']);

function KeyResultCard({
  kr: loaded,
  asOf,
  canCheckIn,
}: {
  kr: RoadmapKeyResult;
  asOf: string;
  canCheckIn: boolean;
}) {
  const titleId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The answer to a check-in is the KR as it stands now: drawn at once, no reload.
  const [live, setLive] = useState<KrLiveView | null>(null);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => setLive(null), [loaded]);
  const kr: RoadmapKeyResult = live === null ? loaded : { ...loaded, ...live };

  return (
    <li
      className={`kr-card kr-card--${kr.health}`}
      aria-labelledby={titleId}
      data-testid={`kr-${kr.id}`}
    >
      <div className="kr-card__head">
        <h4 id={titleId} ref={headingRef} tabIndex={-1}>
          <span className="kr-id">{kr.id}</span> {kr.title}
        </h4>
        <HealthBadge health={kr.health} />
      </div>
      {kr.stale && <StaleMarker kr={kr} asOf={asOf} />}
      <p className="kr-live" role="status" aria-live="polite" data-testid={`checked-in-${kr.id}`}>
        {announcement}
      </p>
      <KrProgress kr={kr} />
      <BurnUp kr={kr} asOf={asOf} />
      {canCheckIn && CHECKED_IN.has(kr.progressSource) && (
        <CheckInForm
          kr={kr}
          asOf={asOf}
          onCheckedIn={(next, value, date) => {
            setLive(next);
            setAnnouncement(
              `Checked in ${amount(value, kr.unit)} on ${date}: ${kr.id} is at ${pct(next.progress)}%, ${healthText(next.health).toLowerCase()}.`,
            );
            headingRef.current?.focus();
          }}
        />
      )}
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

export function ObjectivesSection({
  objectives,
  asOf,
  canCheckIn,
}: {
  objectives: RoadmapObjective[];
  asOf: string;
  canCheckIn: boolean;
}) {
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
              <KeyResultCard key={kr.id} kr={kr} asOf={asOf} canCheckIn={canCheckIn} />
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}
