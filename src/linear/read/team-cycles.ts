import type { SprintState } from '../../core/index';
import type { LinearApi } from '../api/linear-api';
import { cycleName, type CycleRef } from './linear-issue';

/**
 * The team's running cycle and the next one, the two the roadmap's capacity is drawn for.
 * A request of its own rather than a field of the backlog read: the backlog is read page by
 * page with pages sized to its per-issue cost, and the cycles belong to the team, not to a page.
 * It costs a few complexity points and goes out beside the backlog's first page, so the page
 * waits for no extra round trip.
 */
const CYCLES_READ = `query KeyrankCycles($teamId: String!) {
  team(id: $teamId) {
    cycles(first: 2, filter: { or: [{ isActive: { eq: true } }, { isNext: { eq: true } }] }) {
      nodes { name number isActive isNext }
    }
  }
}`;

interface CyclesAnswer {
  team: { cycles: { nodes: (CycleRef & { isActive: boolean; isNext: boolean })[] } };
}

/** Cycle name (as issues' snapshots carry it, `cycleName`) → its state, for the core's roadmap. */
export async function readCycleStates(
  api: LinearApi,
  teamId: string,
): Promise<Map<string, SprintState>> {
  const answer = await api.read<CyclesAnswer>(CYCLES_READ, { teamId });
  const states = new Map<string, SprintState>();
  for (const cycle of answer.team.cycles.nodes) {
    const name = cycleName(cycle);
    if (name !== null) {
      states.set(name, cycle.isActive ? 'active' : 'future');
    }
  }
  return states;
}
