import type { LinearApi } from '../../api/linear-api';
import type { Clock } from '../../clock';
import { listTeams, type TeamRef } from '../../read/team-backlog';
import { ApiError } from './api-error';
import type { ApiCaller } from './roadmap-api';

/** How long a caller's list of teams is reused: the team picker asks on every page load. */
export const TEAMS_TTL_MS = 60_000;
/** Callers whose lists are kept at once; past it the oldest is dropped (a later read refills it). */
const MAX_CALLERS = 1_000;

/** The caller as the directory keys them: a person sees their own teams. */
export const callerKey = (caller: ApiCaller): string =>
  caller.kind === 'person' ? `person:${caller.userId}` : 'program';

/**
 * The teams each caller can see, for the page's team picker and to turn a team key into the id
 * Linear's reads take: one request per caller a minute. Kept per caller, because Linear shows a
 * person only the teams they may see (private teams stay private).
 */
export class TeamDirectory {
  private readonly byCaller = new Map<string, { at: number; teams: TeamRef[] }>();

  constructor(private readonly now: Clock) {}

  async teams(callerKey: string, api: LinearApi): Promise<TeamRef[]> {
    const cached = this.byCaller.get(callerKey);
    if (cached !== undefined && this.now() - cached.at < TEAMS_TTL_MS) {
      return cached.teams;
    }
    const teams = await listTeams(api);
    this.byCaller.delete(callerKey);
    this.byCaller.set(callerKey, { at: this.now(), teams });
    if (this.byCaller.size > MAX_CALLERS) {
      const oldest = this.byCaller.keys().next();
      if (oldest.done !== true) {
        this.byCaller.delete(oldest.value);
      }
    }
    return teams;
  }

  /**
   * The team a payload names (its key, any case), or the first the caller sees when it names
   * none. An unknown key is `not-found`, listing the keys the caller could use.
   */
  async resolve(
    callerKey: string,
    api: LinearApi,
    teamKey: string | undefined,
  ): Promise<{ team: TeamRef; teams: TeamRef[] }> {
    const teams = await this.teams(callerKey, api);
    const wanted = teamKey?.trim().toLowerCase();
    const team =
      wanted === undefined || wanted === ''
        ? teams[0]
        : teams.find((t) => t.key.toLowerCase() === wanted);
    if (team !== undefined) {
      return { team, teams };
    }
    const keys = teams.map((t) => t.key).join(', ');
    throw new ApiError(
      'not-found',
      teams.length === 0
        ? 'Linear shows you no team — ask a Linear admin to add you to one'
        : `Linear has no team ${JSON.stringify((teamKey ?? '').slice(0, 40))} that you can see — choose one of: ${keys}`,
    );
  }
}
