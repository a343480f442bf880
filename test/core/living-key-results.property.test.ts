import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  HEALTH_GRADES,
  healthOf,
  keyResultReports,
  withCheckIn,
  type CheckIn,
  type Okrs,
} from '../../src/core/index';
import { okrs } from '../fixtures/okrs';

const dayArb = fc
  .integer({ min: 0, max: 120 })
  .map((n) => new Date(Date.UTC(2026, 8, 15) + n * 86_400_000).toISOString().slice(0, 10));
const valueArb = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const checkInArb: fc.Arbitrary<CheckIn> = fc.record({ date: dayArb, value: valueArb });

/** Three KRs over two objectives, "grow" and "reduce", with random check-in histories. */
const workspaceArb: fc.Arbitrary<Okrs> = fc
  .tuple(
    fc.array(checkInArb, { maxLength: 6 }),
    fc.array(checkInArb, { maxLength: 6 }),
    fc.array(checkInArb, { maxLength: 6 }),
    valueArb,
  )
  .map(([a, b, c, current]) => {
    const sorted = (list: CheckIn[]) => [...list].sort((x, y) => x.date.localeCompare(y.date));
    return okrs(
      {
        id: 'O1',
        keyResults: [
          { id: 'O1-KR1', baseline: 40, target: 55, current, checkIns: sorted(a) },
          { id: 'O1-KR2', baseline: 10, target: 8.5, checkIns: sorted(b) },
        ],
      },
      { id: 'O2', keyResults: [{ id: 'O2-KR1', baseline: 0, target: 1, checkIns: sorted(c) }] },
    );
  });

describe('living key results, for any history', () => {
  it('a check-in on one KR never changes another KR’s report', () => {
    fc.assert(
      fc.property(
        workspaceArb,
        fc.constantFrom('O1-KR1', 'O1-KR2', 'O2-KR1'),
        checkInArb,
        dayArb,
        (workspace, krId, checkIn, asOf) => {
          const before = keyResultReports(workspace, asOf, DEFAULT_SETTINGS);
          const after = keyResultReports(
            withCheckIn(workspace, krId, checkIn),
            asOf,
            DEFAULT_SETTINGS,
          );
          after.forEach((report, i) => {
            if (report.id !== krId) {
              expect(report).toEqual(before[i]);
            }
          });
        },
      ),
    );
  });

  it('progress and expected stay in 0..1, and check-ins after the as-of day change nothing', () => {
    fc.assert(
      fc.property(workspaceArb, dayArb, valueArb, (workspace, asOf, value) => {
        const reports = keyResultReports(workspace, asOf, DEFAULT_SETTINGS);
        for (const r of reports) {
          expect(r.progress).toBeGreaterThanOrEqual(0);
          expect(r.progress).toBeLessThanOrEqual(1);
          expect(r.expected).toBeGreaterThanOrEqual(0);
          expect(r.expected).toBeLessThanOrEqual(1);
          expect(r.checkIns.every((c) => c.date <= asOf)).toBe(true);
        }
        const later = new Date(Date.parse(asOf) + 86_400_000).toISOString().slice(0, 10);
        const withFuture = withCheckIn(workspace, 'O1-KR1', { date: later, value });
        expect(keyResultReports(withFuture, asOf, DEFAULT_SETTINGS)).toEqual(reports);
      }),
    );
  });

  it('health is monotone in the gap: more behind is never a better grade', () => {
    const rank = (grade: string) => HEALTH_GRADES.indexOf(grade as (typeof HEALTH_GRADES)[number]);
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(share, share, share, (expected, p1, p2) => {
        const [ahead, behind] = p1 >= p2 ? [p1, p2] : [p2, p1];
        expect(rank(healthOf(behind, expected, DEFAULT_SETTINGS))).toBeGreaterThanOrEqual(
          rank(healthOf(ahead, expected, DEFAULT_SETTINGS)),
        );
      }),
    );
  });
});
