/** The admin page's contract (src/jira/pages/admin): its data and its payload schemas. */
import { z } from 'zod';
import type { OkrFile } from '../core/okr-file';
import { CheckInPayloadSchema, type KrLiveView } from './key-results';
import type { KrChoice } from './panel';

export interface ReconcileProgress {
  jobId: string;
  startedAt: string;
  finishedAt: string | null;
  projectsTotal: number;
  projectsDone: number;
  issuesRead: number;
  writes: number;
  failures: string[];
}

/** A key result on the admin page's check-in list. */
export interface AdminKeyResult extends KrLiveView {
  title: string;
  objectiveId: string;
  baseline: number;
  target: number;
  unit: string | null;
  /** When its push secret was made; null when it has none (push URLs need one). */
  pushSecretCreatedAt: string | null;
}

export interface AdminData {
  /** The server's today: check-ins default to it, so a person ahead of UTC is not refused. */
  asOf: string;
  /** The stored OKR file, YAML, as `keyrank plan` reads it; '' when none is stored. */
  okrFile: string;
  /**
   * The stored OKRs as the form edits them: the OKR file's shape (`objectives`, each with
   * `keyResults`), without settings and check-ins (those are kept apart). null when none.
   */
  document: OkrFile | null;
  keyResults: AdminKeyResult[];
  /** The webtrigger URL outside systems post `push` values to; null until Forge gives one. */
  pushUrl: string | null;
  choices: KrChoice[];
  settings: SettingsView;
  /** Stored values that failed validation; the page shows them instead of crashing. */
  storageProblems: string[];
  reconcile: ReconcileProgress | null;
  /**
   * What the import or save just made was stored with but might be reconsidered, such as more
   * than 5 KRs on one objective; absent on other answers.
   */
  warnings?: string[];
}

/** The settings' shape; the core's `SettingsSchema` then judges the values. */
export const SettingsViewSchema = z.object({
  iceboxLabel: z.string(),
  bauTypes: z.array(z.string()),
  bauLabels: z.array(z.string()),
  scheduleBoost: z.boolean(),
  capacity: z.object({ okrMin: z.number(), okrMax: z.number() }),
  rankAutomatically: z.boolean(),
  // Optional so older callers keep working; without them a save would reset them to defaults,
  // since this object schema drops keys it does not name.
  health: z.object({ atRisk: z.number(), behind: z.number() }).optional(),
  staleAfterDays: z.number().optional(),
  checkInGroups: z.array(z.string()).optional(),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

const NoPayloadSchema = z.object({});

export const ADMIN_PAYLOADS = {
  'admin/get': NoPayloadSchema,
  'admin/import-okrs': z.object({ yaml: z.string() }),
  'admin/save-settings': z.object({ settings: SettingsViewSchema }),
  'admin/reconcile-now': NoPayloadSchema,
  /** The form's OKRs; the core's `validateOkrDocument` judges them (path-by-path messages). */
  'admin/save-okrs': z.object({
    document: z.object({ objectives: z.array(z.unknown()).max(500) }).passthrough(),
  }),
  'admin/check-in': CheckInPayloadSchema,
  'admin/rotate-push-secret': z.object({ krId: z.string().trim().min(1).max(100) }),
} as const;

/** A new push secret: shown once, stored only as a hash. */
export interface PushSecret {
  krId: string;
  secret: string;
  url: string | null;
  createdAt: string;
}

export interface AdminAnswers {
  'admin/get': AdminData;
  'admin/import-okrs': AdminData;
  'admin/save-settings': AdminData;
  'admin/reconcile-now': ReconcileProgress;
  'admin/save-okrs': AdminData;
  'admin/check-in': AdminData;
  'admin/rotate-push-secret': PushSecret;
}
