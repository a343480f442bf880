import { createHash } from 'node:crypto';
import { stableJson } from '../read/stable-json';
import type { IssueEvent } from '../read/webhook-payload';

/**
 * What makes an Issue event the same change, whatever delivery id it came under: its action,
 * what changed and the issue as it was (`data` includes Linear's `updatedAt`, which moves on
 * every change). `webhookTimestamp` is left out: Linear re-signs each attempt with a fresh one.
 * Two events with equal fingerprints describe one change, so the second is a replay; and a
 * wrongly dropped event is harmless anyway, as events are applied against what Linear holds now
 * and the periodic sync heals what a missed event would have done.
 */
export function eventFingerprint(event: IssueEvent): string {
  return createHash('sha256')
    .update(
      stableJson({
        type: event.type,
        action: event.action,
        updatedFrom: event.updatedFrom ?? null,
        data: event.data,
      }),
    )
    .digest('hex');
}
