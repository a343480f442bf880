import type { IssueSnapshot } from '../issue';

/** What the suggester reads of an issue: its title, description and labels. */
export type IssueText = Pick<IssueSnapshot, 'key' | 'title' | 'labels'> & {
  description?: string | null;
};

/** Title, labels and description as one text; labels' hyphens split like any other word. */
export function issueText(issue: IssueText): string {
  return `${issue.title}\n${issue.labels.join(' ')}\n${issue.description ?? ''}`;
}
