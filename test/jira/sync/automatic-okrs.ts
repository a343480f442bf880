import { FIELD, type IssueSeed } from '../local-jira/jira-state';

/** Every automatic source the Jira side reads, a bad query among them, and an ended objective. */
export const AUTOMATIC_OKRS = `period: 2026-Q4
objectives:
  - id: O1
    title: Make onboarding effortless
    keyResults:
      - id: O1-KR1
        title: Teams onboarded
        baseline: 0
        target: 10
        progress: { source: query, jql: "project = ENG AND labels = onboarding AND statusCategory = Done", measure: count }
      - id: O1-KR2
        title: Query with a typo
        baseline: 0
        target: 10
        progress: { source: query, jql: "project = ENG AND colour = blue", measure: count }
      - id: O1-KR3
        title: Onboarding points
        baseline: 0
        target: 40
        progress: { source: query, jql: "project = ENG AND labels = onboarding", measure: "sum:${FIELD.estimate}" }
  - id: O2
    title: Ship the template gallery
    keyResults:
      - { id: O2-KR1, title: Gallery work done, baseline: 0, target: 30, progress: { source: linked-done, by: count } }
      - { id: O2-KR2, title: Gallery effort done, baseline: 0, target: 100, progress: { source: linked-done, by: effort } }
      - { id: O2-KR3, title: Nothing linked yet, baseline: 0, target: 5, progress: { source: linked-done } }
      - { id: O2-KR4, title: Typed in by people, baseline: 0, target: 5 }
  - id: O0
    title: Last quarter
    period: 2026-Q3
    keyResults:
      - { id: O0-KR1, title: Ended, baseline: 0, target: 5, progress: { source: query, jql: "project = ENG", measure: count } }
`;

export const AUTOMATIC_ISSUES: IssueSeed[] = [
  { key: 'ENG-1', labels: ['onboarding'], status: 'done', estimate: 3 },
  { key: 'ENG-2', labels: ['onboarding'], status: 'done', estimate: 5 },
  { key: 'ENG-3', labels: ['onboarding'], estimate: 2 },
  // O2-KR1 by count: 2 of 3 done, one of them in another project → 20 of 30.
  { key: 'ENG-4', keyResults: ['O2-KR1'], status: 'done' },
  { key: 'ENG-5', keyResults: ['O2-KR1'] },
  { key: 'OPS-1', keyResults: ['O2-KR1'], status: 'done' },
  // O2-KR2 by effort: the estimate, else RICE effort → 6 of 8 done → 75 of 100.
  { key: 'ENG-6', keyResults: ['O2-KR2'], status: 'done', estimate: 6 },
  {
    key: 'ENG-7',
    keyResults: ['O2-KR2'],
    rice: { reach: 10, impact: 1, confidence: 100, effort: 2 },
  },
];
