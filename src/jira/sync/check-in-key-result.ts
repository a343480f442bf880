import type { CheckInPayload, KrLiveView } from '../../contract/key-results';
import { indexKeyResults, nearestId, withCheckIns, type CheckInSource } from '../../core/index';
import { ConflictError, InvalidInputError, NotFoundError } from '../api/errors';
import type { JiraClient } from '../api/jira-client';
import type { AppDeps } from '../deps';
import { krLiveView } from '../../contract/roadmap-view';
import { appendCheckIn } from '../store/check-in-store';
import { loadWorkspace, noUsableOkrFile } from '../store/workspace-store';

export interface CheckInRequest extends CheckInPayload {
  /** Who checked in: the person's display name or account id; absent for a push. */
  by?: string;
  source: Extract<CheckInSource, 'manual' | 'push'>;
}

/**
 * Records one check-in on a KR (a person on a page, or a push) and answers where the KR stands
 * now. Refuses, changing nothing: an unknown KR, a date after today (check-ins record what
 * happened), and a KR whose value Keyrank reads itself (linked-done, query).
 */
export async function checkInKeyResult(
  deps: Pick<AppDeps, 'store' | 'today'>,
  request: CheckInRequest,
): Promise<KrLiveView> {
  const workspace = await loadWorkspace(deps.store);
  if (workspace.okrs === null) {
    throw noUsableOkrFile(workspace.problems);
  }
  const index = indexKeyResults(workspace.okrs);
  const entry = index.get(request.krId);
  if (entry === undefined) {
    const guess = nearestId(request.krId, [...index.keys()]);
    throw new NotFoundError(
      `${request.krId} is not a key result in the stored OKRs${guess === null ? '' : ` — did you mean ${guess}?`}`,
    );
  }
  const source = entry.kr.progress.source;
  if (source === 'linked-done' || source === 'query') {
    throw new ConflictError(
      `${request.krId} takes its value from ${source}, so a check-in would be overwritten — check in on KRs whose progress is manual or push`,
    );
  }
  const today = deps.today();
  const date = request.date ?? today;
  if (date > today) {
    throw new InvalidInputError(
      `${date} is after today (${today}) — a check-in records a value already reached`,
    );
  }
  const history = await appendCheckIn(deps.store, request.krId, {
    date,
    value: request.value,
    ...(request.note !== undefined && request.note.trim() !== '' && { note: request.note.trim() }),
    ...(request.by !== undefined && { by: request.by }),
    source: request.source,
  });
  // The file's check-ins plus the stored history just written: no second read of every KR.
  const okrs = withCheckIns(
    workspace.fileOkrs ?? workspace.okrs,
    new Map([[request.krId, history]]),
  );
  const { kr, objective } = indexKeyResults(okrs).get(request.krId) ?? entry;
  return krLiveView(kr, objective, today, workspace.settings);
}

/**
 * Who a person's check-in is recorded as: their Jira display name (one `myself` read as the
 * user), else their account id — pages show it beside the value.
 */
export async function checkInBy(
  user: Pick<JiraClient, 'myDisplayName'>,
  accountId: string | undefined,
): Promise<string | undefined> {
  try {
    return (await user.myDisplayName()) ?? accountId;
  } catch {
    return accountId;
  }
}
