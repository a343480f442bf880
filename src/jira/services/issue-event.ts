import { z } from 'zod';
import type { AppDeps } from './jira-deps';
import { recomputeIssue } from './recompute-issue';

const IssueEventSchema = z.object({ issue: z.object({ key: z.string().min(1) }).passthrough() });

/**
 * An issue was created or updated (by someone else — the manifest's `ignoreSelf` drops the
 * app's own edits). Recomputes that issue; a failure is logged, never thrown, so Forge does
 * not replay the event and one bad issue never blocks the others.
 */
export async function handleIssueEvent(deps: AppDeps, event: unknown): Promise<string> {
  const parsed = IssueEventSchema.safeParse(event);
  if (!parsed.success) {
    return 'ignored: not an issue event';
  }
  const key = parsed.data.issue.key;
  try {
    const result = await recomputeIssue(deps, key);
    if (!result.done) {
      console.warn(`keyrank: skipped ${key}: ${result.reason}`);
      return `skipped ${key}: ${result.reason}`;
    }
    return `recomputed ${key}`;
  } catch (error) {
    const message = `could not recompute ${key}: ${error instanceof Error ? error.message : 'failed'}`;
    console.error(`keyrank: ${message}`);
    return message;
  }
}
