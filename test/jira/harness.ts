import { asApp, asUser } from '@forge/api';
import { JiraClient } from '../../src/jira/api/jira-client';
import type { UserDeps } from '../../src/jira/deps';
import { memoryStore } from '../../src/jira/store/key-value-store';
import { STORE_KEYS } from '../../src/jira/store/workspace-store';
import type { ReconcileEvent, ReconcileQueue } from '../../src/jira/sync/reconcile-job';
import { installForgeRuntime, type ForgeRuntimeHandle } from './local-jira/forge-runtime';
import { JiraState, type IssueSeed } from './local-jira/jira-state';
import { startLocalJira, type LocalJira } from './local-jira/server';

/** Q3 ended, Q4 running on 2026-11-15; the objectives tests link issues to. */
export const OKR_FILE = `period: 2026-Q4
objectives:
  - id: O1
    title: Become the most user-friendly PM tool for creative agencies
    keyResults:
      - { id: O1-KR1, title: Increase NPS, baseline: 40, target: 55, current: 44 }
      - { id: O1-KR2, title: Reduce agency churn, baseline: 10, target: 8.5, unit: "%" }
  - id: O2
    title: Make templates the front door
    weight: 2
    keyResults:
      - { id: O2-KR1, title: Template usage growth MoM, baseline: 0, target: 30, unit: "%" }
  - id: O0
    title: Last quarter's bet
    period: 2026-Q3
    keyResults:
      - { id: O0-KR1, title: Ship the beta, baseline: 0, target: 1 }
`;

export const GOOD_RICE = { reach: 800, impact: 2, confidence: 80, effort: 4 };

/** A Jira administrator (global ADMINISTER) on every local Jira the harness starts. */
export const ADMIN = 'user-admin';
/** An ordinary user: browses, edits and ranks everywhere unless a test takes that away. */
export const ALICE = 'user-alice';

export interface Harness {
  jira: LocalJira;
  runtime: ForgeRuntimeHandle;
  store: ReturnType<typeof memoryStore>;
  deps: UserDeps;
  /** Milliseconds each retry waited, in order. */
  sleeps: number[];
  setToday(day: string): void;
  close(): Promise<void>;
}

export async function startHarness(
  seeds: readonly IssueSeed[],
  options: { okrFile?: string | null; today?: string; settings?: unknown } = {},
): Promise<Harness> {
  const state = new JiraState(seeds);
  state.admins.add(ADMIN);
  const jira = await startLocalJira(state);
  const runtime = installForgeRuntime(jira.url, ALICE);
  const store = memoryStore();
  const okrFile = options.okrFile === undefined ? OKR_FILE : options.okrFile;
  if (okrFile !== null) {
    store.data.set(STORE_KEYS.okrs, { yaml: okrFile, updatedAt: '2026-10-01T00:00:00.000Z' });
  }
  if (options.settings !== undefined) {
    store.data.set(STORE_KEYS.settings, options.settings);
  }
  let today = options.today ?? '2026-11-15';
  const sleeps: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    sleeps.push(ms);
    return Promise.resolve();
  };
  const deps: UserDeps = {
    app: new JiraClient({ requestJira: asApp().requestJira, sleep }),
    user: new JiraClient({ requestJira: asUser().requestJira, sleep }),
    store,
    today: () => today,
    now: () => new Date(`${today}T12:00:00.000Z`),
  };
  return {
    jira,
    runtime,
    store,
    deps,
    sleeps,
    setToday: (day) => {
      today = day;
    },
    close: async () => {
      runtime.uninstall();
      await jira.close();
    },
  };
}

/** An in-memory queue: tests drain it the way Forge would invoke the consumer. */
export function memoryQueue(): ReconcileQueue & { events: ReconcileEvent[]; pushes: number } {
  const queue = {
    events: [] as ReconcileEvent[],
    pushes: 0,
    push: (events: ReconcileEvent[]) => {
      queue.pushes++;
      queue.events.push(...events);
      return Promise.resolve();
    },
  };
  return queue;
}
