import type { IssueSeed } from '../jira/local-jira/jira-state';

/**
 * On 2026-11-15 a Q4 key result should be 45/91 ≈ 49% of the way. O1-KR1 is ahead (67%) and
 * checked in last week; O1-KR2 is behind (13%) and stale (last check-in 26 days ago, owner
 * bo@example.com); O1-KR3 is at risk (30%, gap 0.19); all of O2 has not moved (no check-in:
 * stale, owned through the objective), O2-KR3 has no work, O0 ended with Q3.
 */
export const ROADMAP_OKRS = `period: 2026-Q4
objectives:
  - id: O1
    title: Become the most user-friendly PM tool for creative agencies
    keyResults:
      - id: O1-KR1
        title: Increase NPS
        baseline: 40
        target: 55
        owner: ana@example.com
        checkIns:
          - { date: 2026-10-06, value: 41, note: Q3 survey }
          - { date: 2026-10-27, value: 46, by: ana@example.com }
          - { date: 2026-11-10, value: 50, by: ana@example.com }
      - id: O1-KR2
        title: Reduce agency churn
        baseline: 10
        target: 8.5
        unit: "%"
        owner: bo@example.com
        checkIns:
          - { date: 2026-10-20, value: 9.8 }
      - id: O1-KR3
        title: Weekly active agency teams
        baseline: 0
        target: 100
        owner: ana@example.com
        checkIns:
          - { date: 2026-11-12, value: 30 }
  - id: O2
    title: Make templates the front door
    weight: 2
    owner: carla@example.com
    keyResults:
      - { id: O2-KR1, title: Template usage growth MoM, baseline: 0, target: 30, unit: "%" }
      - { id: O2-KR2, title: Agencies using 3+ templates, baseline: 5, target: 25, unit: "%" }
      - { id: O2-KR3, title: Templates shared per agency, baseline: 1, target: 4 }
  - id: O0
    title: Last quarter's bet
    period: 2026-Q3
    keyResults:
      - { id: O0-KR1, title: Ship the beta, baseline: 0, target: 1 }
`;

const rice = (reach: number, impact: number, confidence: number, effort: number) => ({
  reach,
  impact,
  confidence,
  effort,
});

/** ENG's open backlog in Rank order: deliberately out of score order. */
export const ROADMAP_SEEDS: IssueSeed[] = [
  {
    key: 'ENG-1',
    summary: 'Template gallery search',
    keyResults: ['O2-KR1'],
    rice: rice(200, 1, 100, 1),
    sprint: 'Sprint 12',
  },
  {
    key: 'ENG-2',
    summary: 'Onboarding checklist',
    keyResults: ['O1-KR1'],
    rice: rice(500, 2, 80, 4),
    sprint: 'Sprint 12',
    assignee: 'Bo Chen',
  },
  { key: 'ENG-3', summary: 'Login fails on Safari', type: 'Bug', sprint: 'Sprint 12' },
  {
    key: 'ENG-4',
    summary: 'Agency billing export',
    keyResults: ['O1-KR2'],
    rice: rice(1000, 2, 80, 2),
    status: 'indeterminate',
    statusName: 'In Review',
    assignee: 'Ana Lima',
    sprint: 'Sprint 12',
  },
  {
    key: 'ENG-6',
    summary: 'Dark mode',
    description: 'Agencies work late; a dark theme for the whole app.',
    labels: ['icebox'],
  },
  {
    key: 'ENG-7',
    summary: 'Legacy importer',
    keyResults: ['O0-KR1'],
    rice: rice(50, 1, 50, 2),
    labels: ['icebox'],
  },
  { key: 'ENG-8', summary: 'Client feedback widget', keyResults: ['O1-KR1'] },
  {
    key: 'ENG-5',
    summary: 'Share templates by link',
    keyResults: ['O2-KR1', 'O2-KR2'],
    rice: rice(300, 3, 100, 2),
  },
  {
    key: 'ENG-9',
    summary: 'Template analytics',
    keyResults: ['O2-KR2'],
    rice: rice(100, 1, 50, 1),
    sprint: 'Sprint 13',
  },
  { key: 'ENG-10', summary: 'Refactor auth', labels: ['tech-debt'], sprint: 'Sprint 13' },
  {
    key: 'ENG-11',
    summary: 'Marketing site polish',
    // The title fits no key result; the description is what the suggester reads.
    description:
      'Show the template gallery on the marketing site and let visitors share templates by link.',
    sprint: 'Sprint 13',
  },
  {
    key: 'OPS-1',
    summary: 'Status page for template sync',
    keyResults: ['O2-KR2'],
    rice: rice(400, 1, 80, 2),
  },
  { key: 'OPS-2', summary: 'Status page uptime alerts' },
];

/** The sprint the local Jira puts these issues in is planned, not running. */
export const NEXT_SPRINT_KEYS = ['ENG-9', 'ENG-10', 'ENG-11'];
