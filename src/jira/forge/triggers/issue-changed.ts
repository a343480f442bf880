import { handleIssueEvent } from '../../sync/sync-issue';
import { appDeps } from '../forge-ports';

/** trigger `issue-changed` (avi:jira:created:issue, avi:jira:updated:issue, ignoreSelf). */
export async function onIssueChanged(event: unknown): Promise<void> {
  await handleIssueEvent(appDeps(), event);
}
