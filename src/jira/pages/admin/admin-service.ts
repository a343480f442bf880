import type { AdminData, ReconcileProgress, SettingsView } from '../../../contract/admin';
import type { AppDeps } from '../../deps';
import { krChoices } from '../../read/kr-choices';
import {
  exportOkrFile,
  importOkrFile,
  loadProgress,
  loadWorkspace,
  saveSettings,
  updateKrCurrent,
} from '../../store/workspace-store';
import { startReconcile, type ReconcileQueue } from '../../sync/reconcile-job';

export async function getAdmin(deps: Pick<AppDeps, 'store' | 'today'>): Promise<AdminData> {
  const workspace = await loadWorkspace(deps.store);
  const { progress, problem } = await loadProgress(deps.store);
  return {
    okrFile: exportOkrFile(workspace),
    choices: krChoices(workspace.okrs, deps.today()),
    settings: workspace.settings,
    storageProblems: problem === null ? workspace.problems : [...workspace.problems, problem],
    reconcile: progress,
  };
}

export async function importOkrs(
  deps: Pick<AppDeps, 'store' | 'today' | 'now'>,
  yaml: string,
): Promise<AdminData> {
  await importOkrFile(deps.store, yaml, deps.now());
  return getAdmin(deps);
}

export async function updateKr(
  deps: Pick<AppDeps, 'store' | 'today' | 'now'>,
  krId: string,
  current: number,
): Promise<AdminData> {
  await updateKrCurrent(deps.store, krId, current, deps.now());
  return getAdmin(deps);
}

export async function saveSettingsView(
  deps: Pick<AppDeps, 'store' | 'today'>,
  settings: SettingsView,
): Promise<AdminData> {
  await saveSettings(deps.store, settings);
  return getAdmin(deps);
}

export function reconcileNow(
  deps: AppDeps,
  queue: ReconcileQueue,
  jobId: string,
): Promise<ReconcileProgress> {
  return startReconcile(deps, queue, jobId);
}
