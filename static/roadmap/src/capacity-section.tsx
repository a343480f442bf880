import type { SprintCapacityView } from '../../../src/contract/roadmap';
import { transport } from './transport';

const KINDS = [
  { kind: 'okr', label: 'OKR' },
  { kind: 'bau', label: 'BAU' },
  { kind: 'unaligned', label: 'Unaligned' },
] as const;

function SprintBar({ sprint }: { sprint: SprintCapacityView }) {
  const { okrMin, okrMax } = sprint.band;
  const inBand = sprint.warnings.length === 0;
  const summary =
    `${sprint.sprint}: OKR ${sprint.okr}%, BAU ${sprint.bau}%, unaligned ${sprint.unaligned}% ` +
    `of ${sprint.totalEffort} effort; target OKR ${okrMin}–${okrMax}%`;
  return (
    <article
      className="kr-sprint"
      aria-labelledby={`sprint-${sprint.sprint}`}
      data-testid={`sprint-${sprint.sprint}`}
    >
      <h3 id={`sprint-${sprint.sprint}`}>
        {sprint.sprint}{' '}
        <span className="kr-lozenge">{sprint.state === 'active' ? 'Active' : 'Next'}</span>{' '}
        <span className={`kr-lozenge ${inBand ? 'kr-lozenge--success' : 'kr-lozenge--warning'}`}>
          {inBand ? 'In band' : 'Out of band'}
        </span>
      </h3>
      <div className="kr-stack" role="img" aria-label={summary}>
        {KINDS.map(({ kind, label }) =>
          sprint[kind] > 0 ? (
            <div
              key={kind}
              className={`kr-stack__part kr-stack__part--${kind}`}
              style={{ width: `${sprint[kind]}%` }}
              title={`${label} ${sprint[kind]}%`}
            />
          ) : null,
        )}
        <div
          className="kr-stack__band"
          style={{ left: `${okrMin}%`, width: `${Math.max(okrMax - okrMin, 0.5)}%` }}
          title={`OKR target ${okrMin}–${okrMax}%`}
        />
      </div>
      <ul className="kr-legend">
        {KINDS.map(({ kind, label }) => (
          <li key={kind}>
            <span className={`kr-swatch kr-stack__part--${kind}`} aria-hidden="true" />
            {label} {sprint[kind]}%
          </li>
        ))}
        <li>
          <span className="kr-swatch kr-swatch--band" aria-hidden="true" />
          target {okrMin}–{okrMax}%
        </li>
      </ul>
      {sprint.warnings.map((w) => (
        <div key={w.message} className="kr-warning" role="note">
          <p>{w.message}</p>
          {(w.add.length > 0 || w.remove.length > 0) && (
            <ul>
              {w.add.length > 0 && <li>Pull in: {w.add.join(', ')}</li>}
              {w.remove.length > 0 && <li>Take out: {w.remove.join(', ')}</li>}
            </ul>
          )}
        </div>
      ))}
    </article>
  );
}

/** Capacity of the active and the next sprint — Linear's cycles on `keyrank serve`. */
export function CapacitySection({ sprints }: { sprints: SprintCapacityView[] }) {
  const { sprint } = transport.wording;
  return (
    <section className="kr-section" aria-labelledby="capacity-title">
      <h2 id="capacity-title">{sprint === 'cycle' ? 'Cycle' : 'Sprint'} capacity</h2>
      {sprints.length === 0 ? (
        <p className="kr-subtle">No active or planned {sprint} holds open work.</p>
      ) : (
        <div className="kr-sprints">
          {sprints.map((s) => (
            <SprintBar key={s.sprint} sprint={s} />
          ))}
        </div>
      )}
    </section>
  );
}
