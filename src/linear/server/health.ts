import type { ServerResponse } from 'node:http';
import type { Clock } from '../clock';
import type { EventQueue } from '../store/event-queue';
import type { Database } from '../store/database/database';
import type { EventCounts } from '../store/inbox-report';

export type InboxHealth = ({ ok: true } | { ok: false; problem: string }) & EventCounts;

/** A health probe's write is reused this long: a storm of probes is not a storm of fsyncs. */
export const HEALTH_PROBE_MS = 1_000;

/**
 * `GET /healthz`: whether an event could be stored right now. The file opened is still the one
 * at the path (checked on every call: a stat is cheap), and a real write reaches the disk (a
 * full disk fails here, not after Linear got its 200). The write is fsync'd, so its outcome is
 * reused for HEALTH_PROBE_MS.
 */
export class HealthCheck {
  /** Write probes made (tests watch it stay low under a storm of probes). */
  writes = 0;
  /** The last write probe: when, and what went wrong (null: it worked). */
  private probe: { at: number; problem: Promise<string | null> } | undefined;

  constructor(
    private readonly db: Database,
    private readonly events: EventQueue,
    private readonly now: Clock,
  ) {}

  async check(): Promise<InboxHealth> {
    let problem: string | null;
    try {
      this.db.assertIntact();
      problem = await this.writeProbe();
    } catch (error) {
      problem = (error as Error).message;
    }
    let counts: EventCounts = { pending: 0, done: 0, setAside: 0 };
    try {
      counts = await this.events.counts();
    } catch (error) {
      problem ??= `the inbox database cannot be read: ${(error as Error).message}`;
    }
    return problem === null ? { ok: true, ...counts } : { ok: false, problem, ...counts };
  }

  /** Answers 200 `{ status: "ok" }` or 503 `{ error }`, with the pending and set-aside counts. */
  async answer(response: ServerResponse): Promise<void> {
    const health = await this.check();
    const counts = { pending: health.pending, setAside: health.setAside };
    response.writeHead(health.ok ? 200 : 503, { 'Content-Type': 'application/json' });
    response.end(
      JSON.stringify(
        health.ok ? { status: 'ok', ...counts } : { error: health.problem, ...counts },
      ),
    );
  }

  private writeProbe(): Promise<string | null> {
    const now = this.now();
    if (this.probe !== undefined && now >= this.probe.at && now - this.probe.at < HEALTH_PROBE_MS) {
      return this.probe.problem;
    }
    this.writes++;
    // The promise is kept, not its outcome: probes arriving while it is written share it.
    const problem = this.db.writeProbe(now);
    this.probe = { at: now, problem };
    return problem;
  }
}
