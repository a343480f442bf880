import { handleIssueEvent } from '../../services/issue-event.js';
import { appDeps } from '../forge-ports.js';

/** trigger `issue-changed` (avi:jira:created:issue, avi:jira:updated:issue, ignoreSelf). */
export async function onIssueChanged(event: unknown): Promise<void> {
  await handleIssueEvent(appDeps(), event);
}
