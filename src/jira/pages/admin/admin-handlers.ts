import { randomUUID } from 'node:crypto';
import type { PageKey } from '../../../contract/resolvers';
import type { Requirement } from '../../forge/authorization';
import type { Handlers } from '../../forge/define-resolvers';
import type { ReconcileQueue } from '../../sync/reconcile-job';
import { getAdmin, importOkrs, reconcileNow, saveSettingsView, updateKr } from './admin-service';

/**
 * Every admin action, reading included, is for Jira administrators: the page shows settings
 * and reconcile failures that name projects a user may not see, and a reconcile writes as the
 * app in every project.
 */
const ADMINISTER: Requirement = { permission: 'ADMINISTER' };

export function adminHandlers(
  queue: () => ReconcileQueue,
  newJobId: () => string = randomUUID,
): Handlers<PageKey<'admin'>> {
  return {
    'admin/get': { requires: () => ADMINISTER, run: (_, __, deps) => getAdmin(deps) },
    'admin/import-okrs': {
      requires: () => ADMINISTER,
      run: (payload, _, deps) => importOkrs(deps, payload.yaml),
    },
    'admin/update-kr': {
      requires: () => ADMINISTER,
      run: (payload, _, deps) => updateKr(deps, payload.krId, payload.current),
    },
    'admin/save-settings': {
      requires: () => ADMINISTER,
      run: (payload, _, deps) => saveSettingsView(deps, payload.settings),
    },
    'admin/reconcile-now': {
      requires: () => ADMINISTER,
      run: (_, __, deps) => reconcileNow(deps, queue(), newJobId()),
    },
  };
}
