import type { AdminData, AdminKeyResult } from '../../../src/contract/admin';
import type { HealthView } from '../../../src/contract/key-results';
import { CheckInForm } from './check-in-form';
import { PushSecretPanel } from './push-secret';

const HEALTH: Record<HealthView, { text: string; icon: string }> = {
  'on-track': { text: 'On track', icon: '✓' },
  'at-risk': { text: 'At risk', icon: '!' },
  behind: { text: 'Behind plan', icon: '▼' },
};

const SOURCE_TEXT: Record<string, string> = {
  manual: 'checked in by people',
  'linked-done': 'from linked issues done (read on reconcile)',
  query: 'from a JQL query (read on reconcile)',
  push: 'pushed by an outside system',
};

const percent = (share: number): string => `${Math.round(share * 100)}%`;

function KeyResultCard({
  kr,
  asOf,
  pushUrl,
  onChanged,
  onRotated,
  announce,
}: {
  kr: AdminKeyResult;
  asOf: string;
  pushUrl: string | null;
  onChanged: (data: AdminData) => void;
  onRotated: () => void;
  announce: (message: string) => void;
}) {
  const unit = kr.unit === null ? '' : ` ${kr.unit}`;
  const health = HEALTH[kr.health];
  const headingId = `kr-title-${kr.krId.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
  return (
    <li className="ka-kr-card" data-testid={`kr-${kr.krId}`} aria-labelledby={headingId}>
      <h3 id={headingId}>
        {kr.krId} <span className="ka-kr-card__title">{kr.title}</span>
      </h3>
      <p>
        {kr.baseline}
        {unit} → {kr.target}
        {unit}, now{' '}
        <strong>
          {kr.current}
          {unit}
        </strong>{' '}
        · {percent(kr.progress)} done, {percent(kr.expected)} expected by now
      </p>
      <p className="ka-badges">
        <span className={`ka-badge ka-badge--${kr.health}`}>
          <span aria-hidden="true">{health.icon} </span>
          {health.text}
        </span>
        {kr.stale && (
          <span className="ka-badge ka-badge--stale">
            <span aria-hidden="true">⏱ </span>Stale — no recent check-in
          </span>
        )}
        <span>Owner: {kr.owner ?? 'nobody named'}</span>
      </p>
      <p className="ka-subtle">
        {kr.lastCheckIn === null
          ? 'No check-ins yet.'
          : `Last check-in ${kr.lastCheckIn.date}: ${kr.lastCheckIn.value}${unit}.`}{' '}
        Progress {SOURCE_TEXT[kr.progressSource] ?? kr.progressSource}.
      </p>
      {(kr.progressSource === 'manual' || kr.progressSource === 'push') && (
        <CheckInForm kr={kr} asOf={asOf} onDone={onChanged} announce={announce} />
      )}
      {kr.progressSource === 'push' && (
        <PushSecretPanel kr={kr} pushUrl={pushUrl} onRotated={onRotated} announce={announce} />
      )}
    </li>
  );
}

/** Every KR where it stands, with a check-in form and, for `push` KRs, their URL and secret. */
export function KeyResultsSection({
  data,
  onChanged,
  onRotated,
  announce,
}: {
  data: AdminData;
  onChanged: (data: AdminData) => void;
  onRotated: () => void;
  announce: (message: string) => void;
}) {
  const behind = data.keyResults.filter((k) => k.health === 'behind').length;
  const stale = data.keyResults.filter((k) => k.stale).length;
  return (
    <section className="ka-section" aria-labelledby="krs-title">
      <h2 id="krs-title">Key results</h2>
      {data.keyResults.length === 0 ? (
        <p className="ka-subtle">
          No key results yet: add objectives and key results under OKRs, then check in here.
        </p>
      ) : (
        <>
          <p className="ka-subtle">
            {behind} behind plan, {stale} stale, of {data.keyResults.length}.
          </p>
          <ul className="ka-kr-list">
            {data.keyResults.map((kr) => (
              <KeyResultCard
                key={kr.krId}
                kr={kr}
                asOf={data.asOf}
                pushUrl={data.pushUrl}
                onChanged={onChanged}
                onRotated={onRotated}
                announce={announce}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
