/**
 * The admin page's workspace on 2026-11-15 (49% of 2026-Q4 gone): one KR per health grade,
 * a stale one, owners, a `push` KR and file check-ins the form must never lose.
 */
export const ADMIN_OKRS = `period: 2026-Q4
objectives:
  - id: O1
    title: Become the most user-friendly PM tool for creative agencies
    owner: ana@example.com
    keyResults:
      - id: O1-KR1
        title: Increase NPS
        baseline: 40
        target: 55
        progress: { source: push }
        checkIns:
          - { date: 2026-11-10, value: 47, note: November survey }
      - id: O1-KR2
        title: Reduce agency churn
        baseline: 10
        target: 8.5
        current: 9.8
        unit: "%"
        owner: ben@example.com
  - id: O2
    title: Make templates the front door
    weight: 2
    keyResults:
      - id: O2-KR1
        title: Template usage growth MoM
        baseline: 0
        target: 30
        unit: "%"
        checkIns:
          - { date: 2026-11-12, value: 10 }
`;
