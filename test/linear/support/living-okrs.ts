import { parseOkrFile, type Okrs, type Settings } from '../../../src/core/index';
import type { LocalLinear } from './local-linear';

/**
 * An OKR file with every progress source, for the living key results of `keyrank serve`:
 * 2026-Q4, scored on the harness's day (2026-11-15, 49% of the quarter gone).
 */
export const LIVING_OKRS = `
period: 2026-Q4
objectives:
  - id: O1
    title: Delight creative agencies
    keyResults:
      - { id: O1-KR1, title: Raise NPS, baseline: 40, target: 60, progress: { source: push } }
      - id: O1-KR2
        title: Ship the onboarding epic
        baseline: 0
        target: 100
        progress: { source: linked-done, by: count }
      - { id: O1-KR3, title: Cut churn, baseline: 10, target: 6, current: 9 }
  - id: O2
    title: Make onboarding effortless
    keyResults:
      - id: O2-KR1
        title: Onboarding issues closed
        baseline: 0
        target: 10
        progress: { source: query, linear: { team: eng, labels: [Onboarding], state: completed }, measure: count }
      - id: O2-KR2
        title: Onboarding points in flight
        baseline: 0
        target: 40
        progress: { source: query, linear: { team: ENG, labels: [onboarding], state: started }, measure: sum:estimate }
      - id: O2-KR3
        title: Support tickets
        baseline: 0
        target: 10
        progress: { source: query, linear: { team: SUP }, measure: count }
  - id: O0
    title: Last quarter
    period: 2026-Q3
    keyResults:
      - id: O0-KR1
        title: Old query
        baseline: 0
        target: 5
        progress: { source: query, linear: { team: ENG }, measure: count }
`;

export function livingOkrs(): { okrs: Okrs; settings: Settings } {
  const result = parseOkrFile(LIVING_OKRS);
  if (!result.ok) {
    throw new Error(`living OKR fixture is invalid: ${JSON.stringify(result.errors)}`);
  }
  return { okrs: result.okrs, settings: result.settings };
}

/** The plain label the living OKRs' queries filter on (the KR labels are seeded already). */
export function addLivingLabels(linear: LocalLinear): void {
  linear.addLabel({ name: 'onboarding' });
}
