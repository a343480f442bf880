import { randomUUID } from 'node:crypto';
import type { PageKey } from '../../../contract/resolvers';
import { CHECK_IN, type Requirement } from '../../forge/authorization';
import type { Handlers } from '../../forge/define-resolvers';
import { checkInBy } from '../../sync/check-in-key-result';
import type { ReconcileQueue } from '../../sync/reconcile-job';
import {
  checkIn,
  getAdmin,
  importOkrs,
  newPushSecret,
  reconcileNow,
  saveOkrDocument,
  saveSettingsView,
  type PushUrl,
} from './admin-service';

/**
 * Every admin action, reading included, is for Jira administrators: the page shows settings
 * and reconcile failures that name projects a user may not see, and a reconcile writes as the
 * app in every project. Checking in a value is also open to the setting's `checkInGroups`.
 */
const ADMINISTER: Requirement = { permission: 'ADMINISTER' };

/** Outside Forge (tests that do not care) there is no webtrigger URL to show. */
const noPushUrl: PushUrl = () => Promise.resolve(null);

export function adminHandlers(
  queue: () => ReconcileQueue,
  newJobId: () => string = randomUUID,
  pushUrl: PushUrl = noPushUrl,
): Handlers<PageKey<'admin'>> {
  return {
    'admin/get': { requires: () => ADMINISTER, run: (_, __, deps) => getAdmin(deps, pushUrl) },
    'admin/import-okrs': {
      requires: () => ADMINISTER,
      run: (payload, _, deps) => importOkrs(deps, pushUrl, payload.yaml),
    },
    'admin/save-okrs': {
      requires: () => ADMINISTER,
      run: (payload, _, deps) => saveOkrDocument(deps, pushUrl, payload.document),
    },
    'admin/check-in': {
      requires: () => CHECK_IN,
      run: async (payload, context, deps) => {
        const data = await checkIn(
          deps,
          pushUrl,
          payload,
          await checkInBy(deps.user, context.accountId),
        );
        // A check-in group member is no admin: reconcile failures name projects they may not see.
        return (await deps.user.hasPermission('ADMINISTER')) ? data : { ...data, reconcile: null };
      },
    },
    'admin/rotate-push-secret': {
      requires: () => ADMINISTER,
      run: (payload, _, deps) => newPushSecret(deps, pushUrl, payload.krId),
    },
    'admin/save-settings': {
      requires: () => ADMINISTER,
      run: (payload, _, deps) => saveSettingsView(deps, pushUrl, payload.settings),
    },
    'admin/reconcile-now': {
      requires: () => ADMINISTER,
      run: (_, __, deps) => reconcileNow(deps, queue(), newJobId()),
    },
  };
}
