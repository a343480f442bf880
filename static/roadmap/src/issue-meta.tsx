import type { RoadmapIssue } from '../../../src/contract/roadmap';

const STATUS_TEXT: Record<RoadmapIssue['status'], string> = {
  backlog: 'Backlog',
  todo: 'To Do',
  in_progress: 'In Progress',
  done: 'Done',
};

/** Jira's status name and the assignee: what a PM asks first about a piece of work. */
export function IssueMeta({ issue }: { issue: RoadmapIssue }) {
  return (
    <span className="kr-issue__meta">
      <span className="kr-status">{issue.statusName ?? STATUS_TEXT[issue.status]}</span>
      <span>{issue.assignee ?? 'Unassigned'}</span>
    </span>
  );
}
