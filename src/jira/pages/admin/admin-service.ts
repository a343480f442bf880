import type {
  AdminData,
  AdminKeyResult,
  PushSecret,
  ReconcileProgress,
  SettingsView,
} from '../../../contract/admin';
import type { CheckInPayload } from '../../../contract/key-results';
import {
  indexKeyResults,
  nearestId,
  toOkrDocument,
  validateOkrDocument,
  withCheckIns,
  type CheckIn,
  type Okrs,
} from '../../../core/index';
import { InvalidInputError } from '../../api/errors';
import type { AppDeps } from '../../deps';
import { krChoices } from '../../read/kr-choices';
import { loadPushSecretDates, rotatePushSecret } from '../../store/push-secret-store';
import {
  exportOkrFile,
  importOkrFile,
  loadProgress,
  loadSettings,
  loadWorkspace,
  noUsableOkrFile,
  saveOkrs,
  saveSettings,
  type Workspace,
} from '../../store/workspace-store';
import { checkInKeyResult } from '../../sync/check-in-key-result';
import { startReconcile, type ReconcileQueue } from '../../sync/reconcile-job';
import { krLiveView } from '../../../contract/roadmap-view';

/** Where outside systems post `push` values (the webtrigger's URL); null when Forge cannot say. */
export type PushUrl = () => Promise<string | null>;

type AdminDeps = Pick<AppDeps, 'store' | 'today'>;

export async function getAdmin(
  deps: AdminDeps,
  pushUrl: PushUrl,
  warnings?: string[],
): Promise<AdminData> {
  const workspace = await loadWorkspace(deps.store);
  const [{ progress, problem }, keyResults, url] = await Promise.all([
    loadProgress(deps.store),
    adminKeyResults(deps, workspace),
    pushUrl(),
  ]);
  return {
    asOf: deps.today(),
    okrFile: exportOkrFile(workspace),
    // The file's own OKRs, not those merged with Jira's check-ins: the form edits the file.
    document:
      workspace.fileOkrs === null ? null : toOkrDocument(workspace.fileOkrs, { checkIns: false }),
    keyResults,
    pushUrl: url,
    choices: krChoices(workspace.okrs, deps.today()),
    settings: workspace.settings,
    storageProblems: problem === null ? workspace.problems : [...workspace.problems, problem],
    reconcile: progress,
    ...(warnings !== undefined && warnings.length > 0 && { warnings }),
  };
}

/** Every KR, ended ones included, where it stands today and whether it has a push secret. */
async function adminKeyResults(deps: AdminDeps, workspace: Workspace): Promise<AdminKeyResult[]> {
  if (workspace.okrs === null) {
    return [];
  }
  const entries = workspace.okrs.objectives.flatMap((objective) =>
    objective.keyResults.map((kr) => ({ kr, objective })),
  );
  const secrets = await loadPushSecretDates(
    deps.store,
    entries.map(({ kr }) => kr.id),
  );
  const today = deps.today();
  return entries.map(({ kr, objective }) => ({
    ...krLiveView(kr, objective, today, workspace.settings),
    title: kr.title,
    objectiveId: objective.id,
    baseline: kr.baseline,
    target: kr.target,
    unit: kr.unit ?? null,
    pushSecretCreatedAt: secrets.get(kr.id) ?? null,
  }));
}

export async function importOkrs(
  deps: Pick<AppDeps, 'store' | 'today' | 'now'>,
  pushUrl: PushUrl,
  yaml: string,
): Promise<AdminData> {
  const { warnings } = await importOkrFile(deps.store, yaml, deps.now());
  return getAdmin(deps, pushUrl, warnings);
}

/**
 * Saves the OKRs the admin form sends, judged by the core's file checks, each problem at its
 * field's path. The form carries no check-ins: a KR keeps those the stored file had, unless the
 * document lists its own. Check-ins made in Jira are stored apart and never touched here.
 */
export async function saveOkrDocument(
  deps: Pick<AppDeps, 'store' | 'today' | 'now'>,
  pushUrl: PushUrl,
  document: Record<string, unknown>,
): Promise<AdminData> {
  if ('settings' in document) {
    throw notSaved([
      {
        path: 'settings',
        message: 'settings are saved with the settings form, not with the OKRs — leave them out',
      },
    ]);
  }
  const result = validateOkrDocument(document);
  if (!result.ok) {
    throw notSaved(result.errors.map(({ path, message }) => ({ path, message })));
  }
  const { fileOkrs } = await loadWorkspace(deps.store);
  await saveOkrs(deps.store, keepFileCheckIns(result.okrs, fileOkrs), deps.now());
  return getAdmin(
    deps,
    pushUrl,
    result.warnings.map((w) => w.message),
  );
}

function notSaved(fieldErrors: { path: string; message: string }[]): InvalidInputError {
  return new InvalidInputError(
    'The OKRs were not saved — fix the fields marked below:',
    fieldErrors.map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`)),
    fieldErrors,
  );
}

/** `okrs` with the stored file's check-ins on each KR that still exists and brings none. */
function keepFileCheckIns(okrs: Okrs, stored: Okrs | null): Okrs {
  if (stored === null) {
    return okrs;
  }
  const had = indexKeyResults(stored);
  const kept = new Map<string, CheckIn[]>();
  for (const objective of okrs.objectives) {
    for (const kr of objective.keyResults) {
      const before = had.get(kr.id)?.kr.checkIns ?? [];
      if (kr.checkIns.length === 0 && before.length > 0) {
        kept.set(kr.id, before);
      }
    }
  }
  return withCheckIns(okrs, kept);
}

/** A person's check-in from the admin page, recorded under their name (`checkInBy`). */
export async function checkIn(
  deps: AdminDeps,
  pushUrl: PushUrl,
  payload: CheckInPayload,
  by: string | undefined,
): Promise<AdminData> {
  await checkInKeyResult(deps, {
    ...payload,
    ...(by !== undefined && { by }),
    source: 'manual',
  });
  return getAdmin(deps, pushUrl);
}

/**
 * A new push secret for a `push` KR; the previous one stops working. The answer is the only
 * time the secret is shown: only its hash is stored.
 */
export async function newPushSecret(
  deps: Pick<AppDeps, 'store' | 'now'>,
  pushUrl: PushUrl,
  krId: string,
): Promise<PushSecret> {
  const { okrs, problems } = await loadWorkspace(deps.store);
  if (okrs === null) {
    throw noUsableOkrFile(problems);
  }
  const index = indexKeyResults(okrs);
  const entry = index.get(krId);
  if (entry === undefined) {
    const guess = nearestId(krId, [...index.keys()]);
    throw new InvalidInputError(
      `${krId} is not a key result in the stored OKRs${guess === null ? '' : ` — did you mean ${guess}?`}`,
    );
  }
  const source = entry.kr.progress.source;
  if (source !== 'push') {
    throw new InvalidInputError(
      `${krId} takes its progress from ${source}, not push — set its progress source to push first, then make its secret`,
    );
  }
  const [{ secret, createdAt }, url] = await Promise.all([
    rotatePushSecret(deps.store, krId, deps.now()),
    pushUrl(),
  ]);
  return { krId, secret, url, createdAt };
}

/**
 * Saves the settings form. Fields the form leaves out (older pages send no `checkInGroups`,
 * `health` or `staleAfterDays`) keep their stored values instead of falling back to defaults.
 */
export async function saveSettingsView(
  deps: AdminDeps,
  pushUrl: PushUrl,
  settings: SettingsView,
): Promise<AdminData> {
  const { settings: stored } = await loadSettings(deps.store);
  await saveSettings(deps.store, { ...stored, ...settings });
  return getAdmin(deps, pushUrl);
}

export function reconcileNow(
  deps: AppDeps,
  queue: ReconcileQueue,
  jobId: string,
): Promise<ReconcileProgress> {
  return startReconcile(deps, queue, jobId);
}
