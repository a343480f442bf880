import type { CoverageFlag } from '../../../src/contract/roadmap';

export function CoverageSection({ flags }: { flags: CoverageFlag[] }) {
  return (
    <section className="kr-section" aria-labelledby="coverage-title">
      <h2 id="coverage-title">Coverage</h2>
      {flags.length === 0 ? (
        <p className="kr-subtle">
          Every key result has open work and every objective has progress.
        </p>
      ) : (
        <ul className="kr-flags">
          {flags.map((flag) => (
            <li key={`${flag.kind}-${flag.id}`} className="kr-flag" data-kind={flag.kind}>
              <span className="kr-flag__icon" aria-hidden="true">
                ⚠
              </span>
              {flag.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
