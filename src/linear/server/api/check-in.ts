import type { CheckInPayload, KrLiveView } from '../../../contract/key-results';
import { krLiveView } from '../../../contract/roadmap-view';
import { checkInKeyResult, CheckInRefusedError } from '../../sync/check-in-key-result';
import { ApiError } from './api-error';
import type { ApiCaller, HandlerDeps } from './roadmap-api';

const KIND_OF_REFUSAL = {
  'unknown-kr': 'not-found',
  automatic: 'invalid-input',
  'future-date': 'invalid-input',
} as const;

/**
 * `roadmap/checkIn`: a person's (or a program's) value for a KR, kept in the server's check-in
 * store by the push route's rules (`checkInKeyResult`), signed with the person's name. Answers
 * where the KR stands now. Linear is not asked: check-ins live in Keyrank's database.
 */
export async function checkIn(
  deps: HandlerDeps,
  payload: CheckInPayload,
  caller: ApiCaller,
): Promise<KrLiveView> {
  let checkedIn;
  try {
    checkedIn = await checkInKeyResult(
      { okrs: deps.okrs, store: deps.checkIns, today: deps.today },
      { ...payload, by: caller.kind === 'person' ? caller.name : 'program', source: 'manual' },
    );
  } catch (error) {
    if (error instanceof CheckInRefusedError) {
      throw new ApiError(KIND_OF_REFUSAL[error.reason], error.message);
    }
    throw error;
  }
  deps.log.info('check-in from the roadmap page', { krId: payload.krId, date: checkedIn.date });
  deps.recorded?.(payload.krId);
  return krLiveView(checkedIn.kr, checkedIn.objective, checkedIn.today, deps.settings);
}
