import type { DataOf, PageKey, PayloadOf } from '../../../contract/resolvers';
import type { ResolverResult } from '../../../contract/result';
import type { Okrs, Settings } from '../../../core/index';
import type { LinearApi } from '../../api/linear-api';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { CheckInStore } from '../../store/check-in-store';
import type { OwnSortOrders } from '../../sync/own-sort-orders';
import { apiErrorOf } from './api-error';
import { applyRerank } from './apply-rerank';
import { checkIn } from './check-in';
import { getRoadmap } from './get-roadmap';
import { linkIcebox } from './link-icebox';
import { previewRerank } from './preview-rerank';
import { TeamDirectory } from './team-directory';

/** Who acts: a signed-in person with their own Linear client (their OAuth token), or a program (the server's API key / app token). */
export type ApiCaller =
  | { kind: 'person'; linear: LinearApi; userId: string; name: string }
  | { kind: 'program'; linear: LinearApi };

export type RoadmapApi = {
  [K in PageKey<'roadmap'>]: (
    payload: PayloadOf<K>,
    caller: ApiCaller,
  ) => Promise<ResolverResult<DataOf<K>>>;
};

/** What the roadmap API is built from: `keyrank serve`'s OKRs, stores, clock and log. */
export interface RoadmapApiDeps {
  /** The OKRs the server scores with now: the file's, with the stored check-ins merged (`withStoredCheckIns`). */
  okrs: () => Promise<Okrs>;
  settings: Settings;
  /** Where a person's check-in is kept (the server's database). */
  checkIns: Pick<CheckInStore, 'append'>;
  /** The day decisions are made for (YYYY-MM-DD). */
  today: () => string;
  now: Clock;
  log: Logger;
  /** Called once a check-in is stored, so the worker scores with it (`worker.useOkrs`). */
  recorded?: (krId: string) => void;
  /**
   * The worker's record of sort orders Keyrank wrote: a re-rank applied from the page is
   * Keyrank's own move too, so its webhook echo must not start another re-rank.
   */
  ownSortOrders?: Pick<OwnSortOrders, 'remember' | 'forget'>;
}

/** What every handler is handed: the deps and the caller's team directory. */
export interface HandlerDeps extends RoadmapApiDeps {
  teams: TeamDirectory;
}

/**
 * The roadmap page's contract (src/contract/roadmap.ts) answered for Linear teams, so the same
 * static/roadmap page works on `keyrank serve`. Every read and write goes to Linear as the
 * caller, so Linear's own permissions apply; payloads arrive validated by the contract's
 * schemas. Handlers never throw: each failure is a typed result with one sentence.
 *
 * @example
 * const api = roadmapApi({ okrs, settings, checkIns, today, now, log });
 * const answer = await api['roadmap/get']({ projectKey: 'ENG' }, { kind: 'program', linear });
 * if (answer.ok) answer.data.objectives; // objectives → KRs → work, as the Jira page shows them
 */
export function roadmapApi(deps: RoadmapApiDeps): RoadmapApi {
  const handlerDeps: HandlerDeps = { ...deps, teams: new TeamDirectory(deps.now) };
  const answer =
    <P, D>(run: (d: HandlerDeps, payload: P, caller: ApiCaller) => Promise<D>) =>
    async (payload: P, caller: ApiCaller): Promise<ResolverResult<D>> => {
      try {
        return { ok: true, data: await run(handlerDeps, payload, caller) };
      } catch (error) {
        return { ok: false, error: apiErrorOf(error, caller.kind, deps.log) };
      }
    };
  return {
    'roadmap/get': answer(getRoadmap),
    'roadmap/linkIcebox': answer(linkIcebox),
    'roadmap/previewRerank': answer(previewRerank),
    'roadmap/applyRerank': answer(applyRerank),
    'roadmap/checkIn': answer(checkIn),
  };
}
