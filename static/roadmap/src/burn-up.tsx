import { useId } from 'react';
import type { RoadmapKeyResult } from '../../../src/contract/roadmap';
import { dayNumber } from '../../../src/core/day';
import { amount, pct } from './amount';

const W = 400;
const H = 136;
const PLOT = { left: 48, right: W - 12, top: 12, bottom: H - 26 };

/** Where a day sits between the period's start (0) and the KR's deadline (1), clamped. */
function timeShare(day: string, start: number, end: number): number {
  const n = dayNumber(day) ?? start;
  return end <= start ? 1 : Math.min(1, Math.max(0, (n - start) / (end - start)));
}

/** Where a value sits between baseline (0) and target (1), clamped: "reduce" KRs go up too. */
function valueShare(value: number, kr: RoadmapKeyResult): number {
  const span = kr.target - kr.baseline;
  return span === 0 ? 1 : Math.min(1, Math.max(0, (value - kr.baseline) / span));
}

const x = (share: number): number => PLOT.left + share * (PLOT.right - PLOT.left);
const y = (share: number): number => PLOT.bottom - share * (PLOT.bottom - PLOT.top);
const round1 = (n: number): number => Math.round(n * 10) / 10;

/** One sentence for a screen reader: where the line went and where it should be. */
export function burnUpSummary(kr: RoadmapKeyResult, asOf: string): string {
  const first = kr.checkIns[0];
  const last = kr.checkIns.at(-1);
  const line =
    first === undefined || last === undefined
      ? 'no check-ins yet'
      : kr.checkIns.length === 1
        ? `1 check-in: ${amount(first.value, kr.unit)} on ${first.date}`
        : `${kr.checkIns.length} check-ins, from ${amount(first.value, kr.unit)} on ${first.date} to ${amount(last.value, kr.unit)} on ${last.date}`;
  return (
    `${kr.id} burn-up from ${kr.periodStart} to ${kr.deadline}, ${amount(kr.baseline, kr.unit)} → ` +
    `${amount(kr.target, kr.unit)}: ${line}; now ${amount(kr.current, kr.unit)}, ` +
    `${pct(kr.progress)}% done against ${pct(kr.expected)}% expected on ${asOf}.`
  );
}

/**
 * A KR's burn-up: the expected straight line from baseline at the period's start to target at
 * the deadline, the check-ins as a stepped line with a point each (a value holds until the
 * next check-in), and today. The picture is `role="img"` with a one-sentence summary; the
 * check-ins themselves are in a table below it, for anyone who wants the numbers.
 */
export function BurnUp({ kr, asOf }: { kr: RoadmapKeyResult; asOf: string }) {
  const titleId = useId();
  const start = dayNumber(kr.periodStart) ?? 0;
  const end = dayNumber(kr.deadline) ?? start;
  const today = timeShare(asOf, start, end);
  const points = kr.checkIns.map((c) => ({
    x: round1(x(timeShare(c.date, start, end))),
    y: round1(y(valueShare(c.value, kr))),
  }));
  // Stepped: from the baseline at the start, each value held until the next check-in, to today.
  const path: string[] = [`M${x(0)},${y(0)}`];
  for (const p of points) {
    path.push(`H${p.x}`, `V${p.y}`);
  }
  path.push(`H${round1(x(today))}`, `V${round1(y(valueShare(kr.current, kr)))}`);
  const summary = burnUpSummary(kr, asOf);
  return (
    <figure className="kr-burnup">
      <svg
        className="kr-burnup__chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={titleId}
        data-testid={`burnup-${kr.id}`}
      >
        <title id={titleId}>{summary}</title>
        <rect
          className="kr-burnup__plot"
          x={PLOT.left}
          y={PLOT.top}
          width={PLOT.right - PLOT.left}
          height={PLOT.bottom - PLOT.top}
        />
        <line
          className="kr-burnup__expected"
          x1={x(0)}
          y1={y(0)}
          x2={x(1)}
          y2={y(1)}
          data-testid={`burnup-expected-${kr.id}`}
        />
        <line
          className="kr-burnup__today"
          x1={round1(x(today))}
          y1={PLOT.top}
          x2={round1(x(today))}
          y2={PLOT.bottom}
        />
        <text
          className="kr-burnup__label"
          x={round1(x(today))}
          y={PLOT.top - 2}
          textAnchor="middle"
        >
          today
        </text>
        <path className="kr-burnup__line" d={path.join(' ')} data-testid={`burnup-line-${kr.id}`} />
        {points.map((p, n) => (
          <circle key={n} className="kr-burnup__point" cx={p.x} cy={p.y} r={3.5} />
        ))}
        <text className="kr-burnup__label" x={PLOT.left - 6} y={PLOT.top + 4} textAnchor="end">
          {amount(kr.target, kr.unit)}
        </text>
        <text className="kr-burnup__label" x={PLOT.left - 6} y={PLOT.bottom} textAnchor="end">
          {amount(kr.baseline, kr.unit)}
        </text>
        <text className="kr-burnup__label" x={PLOT.left} y={H - 8} textAnchor="start">
          {kr.periodStart}
        </text>
        <text className="kr-burnup__label" x={PLOT.right} y={H - 8} textAnchor="end">
          {kr.deadline}
        </text>
      </svg>
      <figcaption className="kr-burnup__legend">
        <span className="kr-burnup__key kr-burnup__key--line" aria-hidden="true" /> check-ins
        <span className="kr-burnup__key kr-burnup__key--expected" aria-hidden="true" /> expected
      </figcaption>
      <details className="kr-burnup__data">
        <summary>
          Check-ins of {kr.id} ({kr.checkIns.length})
        </summary>
        {kr.checkIns.length === 0 ? (
          <p className="kr-subtle">No check-in yet this period.</p>
        ) : (
          <table className="kr-table" data-testid={`checkins-${kr.id}`}>
            <caption className="kr-visually-hidden">Check-ins of {kr.id}, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Value</th>
                <th scope="col">By</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {kr.checkIns.map((c, n) => (
                <tr key={n}>
                  <th scope="row">{c.date}</th>
                  <td>{amount(c.value, kr.unit)}</td>
                  <td>{c.by ?? (c.source === 'file' ? 'OKR file' : c.source)}</td>
                  <td>{c.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </figure>
  );
}
