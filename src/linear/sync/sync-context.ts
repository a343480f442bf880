import type { Okrs, Settings } from '../../core/index';
import type { LinearApi } from '../api/linear-api';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { ScoreLinks } from '../server/score-links';

/** What every sync is handed: the Linear client, the OKR file, the clock and the log. */
export interface SyncContext {
  api: LinearApi;
  okrs: Okrs;
  settings: Settings;
  links: ScoreLinks;
  log: Logger;
  /** The day decisions are made for (YYYY-MM-DD). */
  today: () => string;
  now: Clock;
}
