import { randomUUID } from 'node:crypto';
import { InvalidInputError } from '../errors';
import {
  getAdmin,
  importOkrs,
  reconcileNow,
  saveSettingsView,
  updateKr,
} from '../services/admin-page';
import type { AppDeps } from '../services/jira-deps';
import type { ReconcileQueue } from '../services/reconcile-job';
import type { Handlers } from './define-resolvers';

type AdminKeys =
  | 'admin/get'
  | 'admin/import-okrs'
  | 'admin/update-kr'
  | 'admin/save-settings'
  | 'admin/reconcile-now';

export function adminHandlers(
  deps: () => AppDeps,
  queue: () => ReconcileQueue,
  newJobId: () => string = randomUUID,
): Handlers<AdminKeys> {
  return {
    'admin/get': () => getAdmin(deps()),
    'admin/import-okrs': (payload) => {
      if (typeof payload.yaml !== 'string') {
        throw new InvalidInputError('paste the OKR file (YAML) to import it');
      }
      return importOkrs(deps(), payload.yaml);
    },
    'admin/update-kr': (payload) => updateKr(deps(), String(payload.krId), Number(payload.current)),
    'admin/save-settings': (payload) => saveSettingsView(deps(), payload.settings),
    'admin/reconcile-now': () => reconcileNow(deps(), queue(), newJobId()),
  };
}
