/** The admin page's contract (src/jira/pages/admin): its data and its payload schemas. */
import { z } from 'zod';
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

export interface AdminData {
  /** The stored OKR file, YAML, as `keyrank plan` reads it; '' when none is stored. */
  okrFile: string;
  choices: KrChoice[];
  settings: SettingsView;
  /** Stored values that failed validation; the page shows them instead of crashing. */
  storageProblems: string[];
  reconcile: ReconcileProgress | null;
}

/** The settings' shape; the core's `SettingsSchema` then judges the values. */
export const SettingsViewSchema = z.object({
  iceboxLabel: z.string(),
  bauTypes: z.array(z.string()),
  bauLabels: z.array(z.string()),
  scheduleBoost: z.boolean(),
  capacity: z.object({ okrMin: z.number(), okrMax: z.number() }),
  rankAutomatically: z.boolean(),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

const NoPayloadSchema = z.object({});

export const ADMIN_PAYLOADS = {
  'admin/get': NoPayloadSchema,
  'admin/import-okrs': z.object({ yaml: z.string() }),
  // zod's number is finite: "", null, [7] and Infinity are refused, never turned into numbers.
  'admin/update-kr': z.object({ krId: z.string().min(1), current: z.number() }),
  'admin/save-settings': z.object({ settings: SettingsViewSchema }),
  'admin/reconcile-now': NoPayloadSchema,
} as const;

export interface AdminAnswers {
  'admin/get': AdminData;
  'admin/import-okrs': AdminData;
  'admin/update-kr': AdminData;
  'admin/save-settings': AdminData;
  'admin/reconcile-now': ReconcileProgress;
}
