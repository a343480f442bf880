import type { HealthView } from '../../../src/contract/key-results';
import type { RoadmapKeyResult } from '../../../src/contract/roadmap';
import { dayNumber } from '../../../src/core/day';

const HEALTH: Record<HealthView, { text: string; icon: string; tone: string }> = {
  'on-track': { text: 'On track', icon: '✓', tone: 'success' },
  'at-risk': { text: 'At risk', icon: '!', tone: 'warning' },
  behind: { text: 'Behind plan', icon: '▼', tone: 'danger' },
};

export const healthText = (health: HealthView): string => HEALTH[health].text;

/** Health in three grades: said in words, with an icon and a colour that only repeat it. */
export function HealthBadge({ health }: { health: HealthView }) {
  const { text, icon, tone } = HEALTH[health];
  return (
    <span className={`kr-lozenge kr-lozenge--${tone}`} data-health={health}>
      <span aria-hidden="true">{icon} </span>
      {text}
    </span>
  );
}

/** Days from one ISO day to another. */
export function daysBetween(from: string, to: string): number {
  return (dayNumber(to) ?? 0) - (dayNumber(from) ?? 0);
}

/** "Stale — no check-in for 26 days · owner: bo@example.com": who to ask for a number. */
export function staleText(kr: RoadmapKeyResult, asOf: string): string {
  const since =
    kr.lastCheckIn === null
      ? 'no check-in this period'
      : `no check-in for ${daysBetween(kr.lastCheckIn.date, asOf)} days`;
  return `Stale — ${since} · owner: ${kr.owner ?? 'nobody named'}`;
}

export function StaleMarker({ kr, asOf }: { kr: RoadmapKeyResult; asOf: string }) {
  return (
    <p className="kr-stale" data-testid={`stale-${kr.id}`}>
      {/* A clock drawn, not a glyph: emoji fonts are missing on many machines. */}
      <svg className="kr-stale__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <circle cx="8" cy="8" r="6.5" />
        <path d="M8 4.5V8l2.5 1.5" />
      </svg>
      {staleText(kr, asOf)}
    </p>
  );
}
