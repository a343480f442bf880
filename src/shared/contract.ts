/**
 * The resolver contract between the Forge functions (src/jira/entry/resolvers) and the UI
 * (src/jira/ui, and later static/). Both sides import these types, so a renamed field is a
 * compile error, not a blank panel. Resolvers never throw at the UI: every answer is a
 * `ResolverResult`. Every payload has a zod schema here: the browser is not trusted, so a
 * resolver checks what it was sent before it acts; payload types are inferred from them.
 */
import { z } from 'zod';

export type ResolverErrorKind =
  'forbidden' | 'invalid-input' | 'not-found' | 'storage-corrupt' | 'jira-error';

export interface ResolverError {
  kind: ResolverErrorKind;
  /** One sentence a person can act on. */
  message: string;
  /** Details, such as one line per invalid RICE value or OKR-file problem. */
  problems?: string[];
}

/** The answer to a caller Jira does not allow to do this: one sentence saying what they lack. */
export interface Forbidden extends ResolverError {
  kind: 'forbidden';
}

export function forbidden(message: string): Forbidden {
  return { kind: 'forbidden', message };
}

export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

/** A key result offered in the issue panel's picker. */
export interface KrChoice {
  id: string;
  title: string;
  objectiveId: string;
  objectiveTitle: string;
  period: string;
  baseline: number;
  target: number;
  current: number;
  unit: string | null;
  /** 0..1 */
  progress: number;
}

/** RICE as the panel edits it: text, so a half-typed value survives a round trip. */
export const RiceDraftSchema = z.object({
  reach: z.string(),
  impact: z.string(),
  confidence: z.string(),
  effort: z.string(),
});
export type RiceDraft = z.infer<typeof RiceDraftSchema>;

export interface IssueVerdict {
  score: number | null;
  explanation: string;
  icebox: boolean;
  iceboxReason: string | null;
  bau: boolean;
  problems: string[];
}

export interface PanelData {
  issueKey: string;
  canEdit: boolean;
  /** Shown when `canEdit` is false. */
  readOnlyReason: string | null;
  choices: KrChoice[];
  linked: string[];
  rice: RiceDraft;
  verdict: IssueVerdict;
  impactScale: { value: number; label: string }[];
  confidenceScale: { value: number; label: string }[];
}

/** The issue comes from Forge's context; `issueKey` is only a fallback the browser sends. */
export const PanelGetPayloadSchema = z.object({ issueKey: z.string().optional() });

export const PanelSavePayloadSchema = z.object({
  issueKey: z.string().optional(),
  keyResults: z.array(z.string()),
  rice: RiceDraftSchema,
});
export type PanelSavePayload = z.infer<typeof PanelSavePayloadSchema>;

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

/** Each resolver key's payload schema: what a resolver accepts, checked before it acts. */
export const PAYLOAD_SCHEMAS = {
  'panel/get': PanelGetPayloadSchema,
  'panel/save': PanelSavePayloadSchema,
  'admin/get': NoPayloadSchema,
  'admin/import-okrs': z.object({ yaml: z.string() }),
  // zod's number is finite: "", null, [7] and Infinity are refused, never turned into numbers.
  'admin/update-kr': z.object({ krId: z.string().min(1), current: z.number() }),
  'admin/save-settings': z.object({ settings: SettingsViewSchema }),
  'admin/reconcile-now': NoPayloadSchema,
} as const;

type Payloads = { [K in keyof typeof PAYLOAD_SCHEMAS]: z.infer<(typeof PAYLOAD_SCHEMAS)[K]> };

/** Every resolver key with its payload and answer. */
export interface ResolverContract {
  'panel/get': { payload: Payloads['panel/get']; data: PanelData };
  'panel/save': { payload: Payloads['panel/save']; data: PanelData };
  'admin/get': { payload: Payloads['admin/get']; data: AdminData };
  'admin/import-okrs': { payload: Payloads['admin/import-okrs']; data: AdminData };
  'admin/update-kr': { payload: Payloads['admin/update-kr']; data: AdminData };
  'admin/save-settings': { payload: Payloads['admin/save-settings']; data: AdminData };
  'admin/reconcile-now': { payload: Payloads['admin/reconcile-now']; data: ReconcileProgress };
}

export type ResolverKey = keyof ResolverContract;
export type PayloadOf<K extends ResolverKey> = ResolverContract[K]['payload'];
export type DataOf<K extends ResolverKey> = ResolverContract[K]['data'];
